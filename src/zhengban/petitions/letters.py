"""Written notices to the petitioner (答复意见书, 受理告知, 不予受理告知, 延期告知) as letters in the
GB/T 9704 letter format (信函格式), PDF or DOCX."""

from django.utils import timezone

from zhengban.documents.layout import DocumentSpec, Format, render_docx, render_pdf

ISSUER = "衡阳市人民政府办公室"
KINDS = {
    "reply": ("信访事项答复意见书", "reply", "replied_at"),
    "acceptance": ("信访事项受理告知书", "acceptance_notice", "accepted_at"),
    "refusal": ("信访事项不予受理告知书", "refusal_reason", None),
    "extension": ("信访事项延期办理告知书", "extension_notice", None),
}


def available_letters(petition):
    return [kind for kind, (_title, field, _when) in KINDS.items() if getattr(petition, field)]


def letter_spec(petition, kind):
    title, field, when = KINDS[kind]
    moment = getattr(petition, when) if when else None
    names = "、".join(p.name for p in petition.petitioners.all())
    body = getattr(petition, field)
    if kind == "reply":
        body = f"你（们）反映的“{petition.matter.title}”信访事项（{petition.matter.number}），处理意见如下：\n{body}\n" \
               f"处理结果：{petition.get_outcome_display()}。\n" \
               "如对本答复意见不服，可自收到本意见书之日起30日内向上一级行政机关请求复查。"
    return DocumentSpec(
        title=title,
        body=body,
        doc_format=Format.LETTER,
        doc_type="函",
        issuer_mark=ISSUER,
        number=petition.matter.number,
        main_recipients=f"{names}：",
        issuer_signature=ISSUER,
        written_date=timezone.localtime(moment or timezone.now()).date(),
    )


def render_letter(petition, kind, as_docx=False):
    spec = letter_spec(petition, kind)
    return render_docx(spec) if as_docx else render_pdf(spec)
