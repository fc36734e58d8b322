"""GB/T 9704-2012 layout of official documents: PDF (WeasyPrint) and DOCX (python-docx)."""

from .docx import render_docx
from .fonts import fonts_used
from .pdf import render_pdf
from .spec import DocumentSpec, Format, spec_from_document

__all__ = ["DocumentSpec", "Format", "fonts_used", "render_docx", "render_pdf", "spec_from_document"]
