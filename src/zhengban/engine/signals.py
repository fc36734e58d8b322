"""Signals the engine sends after a commit; notifications and search listen to them."""

from django.dispatch import Signal

# Sent with matter_id and task_ids (the tasks just opened) once the transaction has committed.
tasks_opened = Signal()
# Sent with matter_id and verb after any action on a matter has committed.
matter_changed = Signal()
