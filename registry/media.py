"""Uploaded logos, served by the app when they live on its own disk (MEDIA_ROOT).

With object storage (S3_BUCKET, see docs/deployment.md) logos' URLs point at the
bucket or its public domain and this view answers 404. Otherwise it serves
``/media/<path>`` in production as in development:

- only a regular file inside MEDIA_ROOT (a path that leaves it, through ``..``
  or a symbolic link, is 404), and only the image types the logo upload writes
  (``registry/images.py`` re-encodes every logo to PNG, JPEG or WebP), so no other
  file that might land in MEDIA_ROOT is ever served from the site's origin;
- ``Content-Type`` from that type, ``X-Content-Type-Options: nosniff``;
- ``Cache-Control`` for a year, immutable: a logo's name is random and never reused
  (``registry.models.logo_upload_to``), a new logo gets a new name.
"""

from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

CONTENT_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}
CACHE_CONTROL = "public, max-age=31536000, immutable"


def media_file(root, path):
    """(file, content type) for the logo ``path`` names under ``root``, or (None, None)."""
    content_type = CONTENT_TYPES.get(Path(path).suffix.lower())
    if content_type is None or "\x00" in path:
        return None, None
    root = Path(root).resolve()
    try:
        candidate = (root / path).resolve()
    except (OSError, RuntimeError):  # a symbolic link loop
        return None, None
    if not candidate.is_relative_to(root) or candidate == root or not candidate.is_file():
        return None, None
    return candidate, content_type


@require_safe
def serve(request, path):
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        raise Http404
    file, content_type = media_file(storage.location, path)
    if file is None:
        raise Http404
    response = FileResponse(file.open("rb"), content_type=content_type)
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response
