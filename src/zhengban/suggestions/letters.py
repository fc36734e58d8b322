"""A reply letter (答复函) as the GB/T 9704 letter format lays it out: one per author and round.

The lead unit answers each author by name; the letter names the item, carries the result code
(printed in the 附注 as handling offices are asked to), and copies the body that coordinates
the handling (the People's Congress standing committee or the CPPCC committee for proposals).
"""

from zhengban.documents.layout import DocumentSpec, Format, render_docx, render_pdf

from .models import Kind, ResultCode

COPIED_TO = {
    Kind.NPC: "市人大常委会选举联络人事任免工作委员会，市人民政府办公室督查室",
    Kind.CPPCC: "市政协提案委员会，市人民政府办公室督查室",
}


def letter_spec(letter):
    """The layout's view of a ReplyLetter (its item, author and lead unit loaded by the caller)."""
    item = letter.suggestion
    session = item.session
    noun = "建议" if item.kind == Kind.NPC else "提案"
    addressee = f"{letter.author.name}{'代表' if item.kind == Kind.NPC else '委员'}"
    code = ResultCode.objects.filter(code=letter.result_code).first()
    code_line = f"{letter.result_code}类（{code.label_zh}）" if code else f"{letter.result_code}类"
    unit = letter.lead_unit.name_zh
    return DocumentSpec(
        doc_format=Format.LETTER,
        issuer_mark=unit,
        title=f"关于对{session.name}第{item.number}号{noun}的答复",
        main_recipients=addressee,
        body=f"您提出的《{item.matter.title}》收悉。现答复如下：\n{letter.text}\n感谢您对我市工作的关心和支持。",
        issuer_signature=unit,
        written_date=letter.replied_at.date(),
        annotation=f"办理结果：{code_line}" + (f"（第{letter.round}次答复）" if letter.round > 1 else ""),
        cc_recipients=COPIED_TO.get(item.kind, ""),
    )


def letter_pdf(letter):
    return render_pdf(letter_spec(letter))


def letter_docx(letter):
    return render_docx(letter_spec(letter))
