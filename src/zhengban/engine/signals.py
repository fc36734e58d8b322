"""Signals the engine sends after a commit (delivered by engine.changes); notifications and search listen to them."""

from django.dispatch import Signal

# Sent with matter_id and task_ids (the tasks just opened) once the transaction has committed.
tasks_opened = Signal()
# Sent with matter_id and verb after any action on a matter has committed. The worker sends it once
# for several pending changes of one matter, with the latest verb (see engine.changes).
matter_changed = Signal()
