"""`zhengban render_document <matter id> --pdf out.pdf --docx out.docx`: lay a document out to GB/T 9704."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhengban.documents.layout import fonts_used, render_docx, render_pdf, spec_from_document
from zhengban.documents.models import Document


class Command(BaseCommand):
    help = "Render an official document to GB/T 9704-2012 PDF and/or DOCX."

    def add_arguments(self, parser):
        parser.add_argument("matter_id", type=int)
        parser.add_argument("--pdf", help="Write the PDF to this path.")
        parser.add_argument("--docx", help="Write the Word document to this path.")

    def handle(self, matter_id, pdf=None, docx=None, **options):
        if not pdf and not docx:
            raise CommandError(_("Give --pdf and/or --docx."))
        document = Document.objects.select_related("matter", "seal").filter(matter_id=matter_id).first()
        if document is None:
            raise CommandError(_("No document for matter %(id)s.") % {"id": matter_id})
        spec = spec_from_document(document)
        for path, render in ((pdf, render_pdf), (docx, render_docx)):
            if path:
                with open(path, "wb") as output:
                    output.write(render(spec))
                self.stdout.write(_("Wrote %(path)s") % {"path": path})
        for role, face in fonts_used(spec).items():
            self.stdout.write(f"{role}: {face}")
