"""Routing's part in assignment: the recommended lead unit shown to the Supervision Office, and the
office's choice taught back to routing. Routing is advice: when it cannot answer (no knowledge
loaded yet, an error), assignment goes on without it."""

import logging

logger = logging.getLogger(__name__)


def recommendation_for(matter, top=3):
    """routing.recommend() for the matter's title and text, or None if routing cannot answer."""
    try:
        from zhengban.routing.recommend import recommend

        return recommend(matter.body or "", title=matter.title, top=top)
    except Exception:  # noqa: BLE001 — advice only: a routing failure must never block the office
        logger.warning("routing could not recommend a unit for matter %s", matter.pk, exc_info=True)
        return None


def teach_routing(actor, matter, title, body, unit, recommended_code):
    """Keep the office's choice as a confirmed example (after commit: a failure loses only the lesson)."""
    try:
        from zhengban.routing.actions import confirm, may_confirm

        if may_confirm(actor):
            confirm(actor, body, title, None, unit, source_matter=matter, recommended_unit=recommended_code or None)
    except Exception:  # noqa: BLE001 — see above
        logger.warning("routing could not learn from the assignment of matter %s", matter.pk, exc_info=True)
