"""Upload bodies over the logo limit are refused while they are read.

Django's own handlers read a request to its end (spooling big files to disk)
before any form can say the file is too big, so a 200 MB body would be read in
full. This handler, first in FILE_UPLOAD_HANDLERS, stops reading as soon as a
file passes the limit, or at the start of the first file when the request's
declared Content-Length already does. The fields before the file (the CSRF token,
the rest of the form) are kept, and the refused file is replaced by an empty
placeholder whose ``size`` is over the limit, so the form answers with its usual
message on the field ("The logo is larger than 2 MB") and nothing is saved.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http.multipartparser import MultiPartParser

from registry.images import MAX_BYTES

# The form's other fields and the multipart framing, on top of the file itself.
FIELDS_ALLOWANCE = 256 * 1024
MAX_REQUEST_BYTES = MAX_BYTES + FIELDS_ALLOWANCE


class RefusedUpload(SimpleUploadedFile):
    """Stands for a file that was not read because it is over the limit."""

    def __init__(self, name, content_type):
        super().__init__(name or "upload", b"", content_type or "application/octet-stream")
        self.size = MAX_BYTES + 1


class UploadSizeLimitHandler(FileUploadHandler):
    """Stop reading a multipart body when a file passes ``MAX_BYTES``."""

    def __init__(self, request=None):
        super().__init__(request)
        self.declared_length = 0
        self.refused = None
        self._parsing = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if self._parsing:
            return None  # the inner parse below: let it run
        self.declared_length = content_length or 0
        # Parse here, with every handler, so the refused file's placeholder can be
        # added to the files the form receives.
        self._parsing = True
        try:
            handlers = self.request.upload_handlers if self.request else [self]
            post, files = MultiPartParser(META, input_data, handlers, encoding).parse()
        finally:
            self._parsing = False
        if self.refused is not None:
            field_name, file_name, content_type = self.refused
            files.setlist(field_name, [RefusedUpload(file_name, content_type)])
        return post, files

    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)
        if self.declared_length > MAX_REQUEST_BYTES or (content_length or 0) > MAX_BYTES:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_BYTES:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers keep the file

    def _refuse(self):
        self.refused = (self.field_name, self.file_name, self.content_type)
        # connection_reset: do not read the rest of the body either.
        raise StopUpload(connection_reset=True)
