from django import template

from ..identity import identity_visible, petitioner_rows
from ..letters import available_letters
from ..routing import recommended_units

register = template.Library()


@register.simple_tag
def petition_view(user, matter):
    """What the matter page shows of a petition to this reader (identity protected for accusations)."""
    petition = matter.petition
    visible = identity_visible(user, petition)
    return {
        "petition": petition,
        "visible": visible,
        "petitioners": petitioner_rows(petition, visible),
        "visit": getattr(petition, "visit", None) if visible else None,
        "letters": available_letters(petition) if visible else [],
        "recommended": recommended_units(matter.body, matter.title) if matter.state == "registered" else [],
    }
