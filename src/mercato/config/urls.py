from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve

from mercato.entrypoints.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("merchant/", include("mercato.entrypoints.merchant_center.urls")),
    path("console/", include("mercato.entrypoints.console.urls")),
    path("assistant/", include("mercato.contexts.assistant.urls")),
    path("", include("mercato.entrypoints.storefront.urls")),
]
if settings.MEDIA_ROOT and not settings.MEDIA_URL.startswith("http"):
    # Uploaded images from the media folder (embedded profile); production may point MEDIA_URL at a CDN/bucket.
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
