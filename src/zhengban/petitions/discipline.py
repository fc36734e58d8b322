"""The discipline inspection body accusations against officials go to (纪检监察机关)."""

from zhengban.documents.models import Organization, OrganizationKind

DISCIPLINE_CODE = "hengyang-discipline"


def discipline_body():
    """The municipal discipline inspection commission and supervisory commission (市纪委监委).

    The shipped organization directory may not list it; it is added once, as the body petitions
    are recorded as forwarded to.
    """
    body, _created = Organization.objects.get_or_create(
        code=DISCIPLINE_CODE,
        defaults={
            "name_zh": "中共衡阳市纪律检查委员会 衡阳市监察委员会",
            "name_en": "Hengyang Municipal Commission for Discipline Inspection and Supervisory Commission",
            "short_name_zh": "市纪委监委",
            "kind": OrganizationKind.MUNICIPAL_PARTY,
        },
    )
    return body
