"""Document pages: the registers (with XLSX export), signing in incoming documents, starting a
draft, and the PDF / Word downloads. Every flow step happens on the shared matter page."""
