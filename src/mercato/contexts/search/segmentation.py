"""The process's Chinese segmenter, kept in step with the catalogue's dictionary terms.

The dictionary lives in the database (SegmentationTerm); a version number in the shared cache tells each
process when another one added terms, so a process reloads at most once per change.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.core.cache import cache

from .domain.analysis import Segmenter
from .models import SegmentationTerm

VERSION_KEY = "search:segmentation-version"
_segmenter = Segmenter()
_loaded_version: list[object] = [None]
_lock = threading.Lock()


def segmenter() -> Segmenter:
    """The segmenter with every dictionary term other processes have added (one query after a change)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    with _lock:
        if _loaded_version[0] != version:
            _segmenter.add_words(SegmentationTerm.objects.values_list("term", flat=True))
            _loaded_version[0] = version
    return _segmenter


def dictionary_add(terms: Iterable[str]) -> int:
    """Store new dictionary terms and tell the other processes."""
    seg = segmenter()
    fresh = sorted(set(terms) - set(SegmentationTerm.objects.filter(term__in=set(terms))
                                    .values_list("term", flat=True)))
    if not fresh:
        return 0
    SegmentationTerm.objects.bulk_create([SegmentationTerm(term=t) for t in fresh], ignore_conflicts=True)
    seg.add_words(fresh)
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
        version = 2
    with _lock:
        _loaded_version[0] = version
    return len(fresh)
