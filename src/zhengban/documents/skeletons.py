"""Starting points for a draft: the body skeleton of each document type and the issuer's names by
number prefix. They are document text (Chinese), not interface strings."""

from .models import DocType

BODY_SKELETONS = {
    DocType.NOTICE: "各有关单位：\n\n为……，现就有关事项通知如下：\n\n一、……\n\n二、……\n\n特此通知。",
    DocType.REQUEST: "××：\n\n……（请示的缘由）。\n\n……（请示事项）。\n\n妥否，请批示。",
    DocType.REPORT: "××：\n\n……（报告的缘由）。\n\n……（报告事项）。\n\n特此报告。",
    DocType.REPLY: "××：\n\n你单位《关于……的请示》（××〔××××〕×号）收悉。经研究，现批复如下：\n\n一、……\n\n此复。",
    DocType.LETTER: "××：\n\n……\n\n特此函告。",
    DocType.OPINION: "各有关单位：\n\n为……，现提出如下意见：\n\n一、……\n\n二、……",
    DocType.BULLETIN: "各有关单位：\n\n……（通报的事实）。\n\n……（处理意见和要求）。\n\n特此通报。",
    DocType.DECISION: "……（决定的缘由），经研究，决定：\n\n一、……\n\n二、……",
    DocType.PUBLIC_NOTICE: "为……，根据……，现将有关事项通告如下：\n\n一、……\n\n二、……\n\n特此通告。",
    DocType.ANNOUNCEMENT: "……\n\n特此公告。",
    DocType.MINUTES: "……年……月……日，……主持召开……会议，研究……。现将会议议定事项纪要如下：\n\n一、……",
    DocType.MOTION: "××：\n\n……（议案的缘由）。\n\n现提请审议。",
}

# Prefix code → (发文机关标志, 发文机关署名).
ISSUERS = {
    "government": ("衡阳市人民政府文件", "衡阳市人民政府"),
    "government-letter": ("衡阳市人民政府", "衡阳市人民政府"),
    "office": ("衡阳市人民政府办公室文件", "衡阳市人民政府办公室"),
    "office-letter": ("衡阳市人民政府办公室", "衡阳市人民政府办公室"),
    "reading": ("衡阳市人民政府阅件", "衡阳市人民政府办公室"),
    "minutes": ("衡阳市人民政府会议纪要", "衡阳市人民政府办公室"),
}


def body_template(doc_type):
    return BODY_SKELETONS.get(doc_type, "")


def issuer_for(prefix_code):
    return ISSUERS.get(prefix_code, ("衡阳市人民政府办公室文件", "衡阳市人民政府办公室"))
