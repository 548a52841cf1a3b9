"""The chat on the storefront: a panel on every page (HTMX appends each exchange) and, without JavaScript, the
plain page /assistant/ with a form. One conversation per browser session and signed-in user."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_POST

from mercato.shared.actor import ANONYMOUS, Actor
from mercato.shared.errors import MercatoError, NotFound

from . import selectors, services
from .contracts import Reply
from .models import Conversation

SESSION_KEY = "assistant_conversation"


def _actor(request: HttpRequest) -> Actor:
    user = request.user
    return Actor(user_id=str(user.pk)) if user.is_authenticated else ANONYMOUS


def _lang() -> str:
    return "en" if (translation.get_language() or "").startswith("en") else "zh"


def _conversation(request: HttpRequest, *, create: bool) -> Conversation | None:
    """This session's conversation, if it still belongs to whoever is signed in now (else a fresh one)."""
    actor = _actor(request)
    known = request.session.get(SESSION_KEY)
    if known:
        try:
            return selectors.conversation_for(known, actor)
        except NotFound:
            pass
    if not create:
        return None
    conversation = services.conversation_start(actor=actor, lang=_lang())
    request.session[SESSION_KEY] = conversation.id
    return conversation


def _post(request: HttpRequest) -> tuple[Reply | None, str]:
    conversation = _conversation(request, create=True)
    assert conversation is not None
    try:
        reply = services.message_post(conversation_id=conversation.id, actor=_actor(request),
                                      text=request.POST.get("text", ""))
    except MercatoError as exc:
        return None, exc.errors[0].message if exc.errors else exc.detail
    return reply, ""


def chat_page(request: HttpRequest) -> HttpResponse:
    """The page without JavaScript: POST a message, then see the whole conversation (post/redirect/get)."""
    if request.method == "POST":
        reply, error = _post(request)
        if reply is not None:
            return redirect("assistant:chat")
        status = 422
    else:
        error, status = "", 200
    conversation = _conversation(request, create=False)
    view = selectors.transcript(conversation) if conversation else None
    return render(request, "assistant/chat_page.html", {"conversation": view, "error": error,
                                                        "assistant_page": True}, status=status)


@require_POST
def chat_message(request: HttpRequest) -> HttpResponse:
    """HTMX: the shopper's message and the reply, appended to the panel's log."""
    text = request.POST.get("text", "").strip()
    reply, error = _post(request)
    # an error is a fragment too (HTMX swaps only successful answers), so the shopper sees what went wrong
    return render(request, "assistant/_exchange.html", {"text": text, "reply": reply, "error": error})
