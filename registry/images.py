"""Logo uploads: only real PNG, JPEG or WebP images, small enough, re-encoded.

The upload is opened with Pillow (never trusted by its name or content type);
its dimensions are read from the header and checked before any pixel is
decoded, then the image is re-encoded, which drops metadata and anything
smuggled after or inside the image data (e.g. a PNG/HTML polyglot).
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# The one logo size limit: the form's check, its help text and the upload handler
# that stops reading a request early (registry/uploads.py) all use it.
MAX_MEGABYTES = 2
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024
MAX_SIDE = 4000
# Pillow format name → (file extension, save options)
FORMATS = {
    "PNG": ("png", {"optimize": True}),
    "JPEG": ("jpg", {"quality": 90}),
    "WEBP": ("webp", {"quality": 90}),
}


def _refuse():
    return ValidationError(
        _("Upload a PNG, JPEG or WebP image (other formats, such as SVG, are not accepted)."),
        code="invalid_image",
    )


def _too_big():
    return ValidationError(
        _("The image is too large: at most %(side)d × %(side)d pixels.") % {"side": MAX_SIDE},
        code="image_too_large",
    )


def limits_help():
    """The logo field's help text, in the current language."""
    return _("PNG, JPEG or WebP, at most %(size)d MB and %(side)d × %(side)d pixels.") % {
        "size": MAX_MEGABYTES,
        "side": MAX_SIDE,
    }


def too_many_bytes():
    return ValidationError(
        _("The logo is larger than %(size)d MB: upload a smaller image (at most %(size)d MB).")
        % {"size": MAX_MEGABYTES},
        code="file_too_big",
    )


def clean_logo(upload):
    """Check an uploaded file and return it re-encoded as a ContentFile named
    ``logo.<ext>`` (the model's ``upload_to`` then gives it a random name)."""
    if upload.size > MAX_BYTES:
        raise too_many_bytes()
    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            if image_format not in FORMATS:
                raise _refuse()
            if width > MAX_SIDE or height > MAX_SIDE:
                raise _too_big()
            probe.verify()
        # verify() leaves the image unusable: open again to decode it.
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)  # first frame of an animation only
            image.load()
            output = _reencode(image, image_format)
    except Image.DecompressionBombError:
        raise _too_big() from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _refuse() from None
    extension = FORMATS[image_format][0]
    return ContentFile(output, name=f"logo.{extension}")


def _reencode(image, image_format):
    extension, options = FORMATS[image_format]
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image_format in ("PNG", "WEBP") and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    # A fresh copy carries no EXIF, XMP, ICC or text chunks.
    clean = Image.new(image.mode, image.size)
    if image.mode == "P":
        clean.putpalette(image.getpalette())
        if "transparency" in image.info:
            options = {**options, "transparency": image.info["transparency"]}
    clean.paste(image)
    buffer = io.BytesIO()
    clean.save(buffer, format=image_format, **options)
    return buffer.getvalue()
