def render_docx(spec): raise NotImplementedError
