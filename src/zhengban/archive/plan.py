"""The default file plan (文书档案归档范围和保管期限表) of a municipal government office."""

from .actions import do_save_category
from .models import FileCategory, Retention

Y, D30, D10 = Retention.PERMANENT, Retention.YEARS_30, Retention.YEARS_10

# (code, Chinese, English, retention, what is filed here)
DEFAULT_PLAN = [
    ("FW-Y", "发文·规章与重要决定", "Outgoing: regulations and important decisions", Y,
     "市政府及办公室制发的规章、规范性文件、重要决定、命令、请示及批复"),
    ("FW-D30", "发文·一般性通知", "Outgoing: routine notices and reports", D30, "一般性通知、通报、报告、意见"),
    ("FW-D10", "发文·一般性函件", "Outgoing: routine correspondence", D10, "一般性函件、事务性通知"),
    ("SW-Y", "收文·上级重要来文", "Incoming: important documents from higher levels", Y,
     "上级机关针对本市的重要文件、批复"),
    ("SW-D30", "收文·需办理的来文", "Incoming: documents acted on", D30, "需本机关办理的请示、报告、来函"),
    ("SW-D10", "收文·参阅件", "Incoming: for information only", D10, "供参阅的文件、一般来函"),
    ("HY", "会议纪要", "Meeting minutes", Y, "市政府全体会议、常务会议、市长办公会议纪要"),
    ("DB", "督查督办", "Supervision items", D30, "督查督办事项的立项、交办、反馈、办结材料"),
    ("YZ", "印章管理", "Seals", D30, "用印申请、用印登记、印章刻制与缴销"),
    ("LXD", "工作联系单", "Liaison memos", D10, "科室之间的工作联系单"),
    ("XF", "信访", "Letters and visits", D30, "信访事项的登记、转送、办理、答复材料"),
]


def load_default_plan(actor):
    """Create the categories that are missing; categories already there are left as edited."""
    present = set(FileCategory.objects.values_list("code", flat=True))
    made = 0
    for order, (code, name_zh, name_en, retention, description) in enumerate(DEFAULT_PLAN, start=1):
        if code in present:
            continue
        do_save_category(actor, code=code, name_zh=name_zh, name_en=name_en, retention=retention,
                         description=description, sort_order=order * 10)
        made += 1
    return made
