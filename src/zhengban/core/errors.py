"""Errors every action raises; the web, API and CLI turn them into one shape of message."""


class ActionError(Exception):
    """Bad input or a rule that refuses the action: nothing was changed (HTTP 400)."""

    status = 400
    code = "invalid"

    def __init__(self, message, code=None, fields=None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}


class NotAllowed(ActionError):
    """The actor may not take this action (HTTP 403)."""

    status = 403
    code = "forbidden"


class Conflict(ActionError):
    """Someone else acted first; reload and try again (HTTP 409)."""

    status = 409
    code = "conflict"


class NotFound(ActionError):
    status = 404
    code = "not_found"
