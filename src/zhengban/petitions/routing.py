"""The responsible unit the routing engine recommends for a petition (属地管理、分级负责，谁主管、谁负责)."""


def recommended_units(text, title=""):
    """[(code, name, score)] best first; empty when routing is not installed or knows nothing yet."""
    try:
        from zhengban.routing.recommend import recommend
    except ImportError:
        return []
    try:
        result = recommend(text, title=title, top=3)
    except LookupError:
        return []
    return [(unit.unit, unit.name, unit.score) for unit in result.units]
