"""The SMS gateway interface. A deployment plugs in its operator's gateway by dotted path in
settings.ZHENGBAN_SMS_GATEWAY; the default only logs, so nothing leaves the machine by accident."""

import logging
import threading

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("zhengban.sms")

SMS_MAX_CHARACTERS = 70  # one Chinese SMS segment


class SmsGateway:
    """Sends one text message. Implementations raise on failure; the worker records the error."""

    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class LogSmsGateway(SmsGateway):
    def send(self, phone, text):
        logger.info("SMS to %s: %s", phone, text)


class RecordingSmsGateway(SmsGateway):
    """Keeps every message in memory (class-wide, like Django's locmem mail outbox) for tests and demos."""

    outbox: list = []
    _lock = threading.Lock()

    def send(self, phone, text):
        with self._lock:
            type(self).outbox.append((phone, text))


def sms_gateway() -> SmsGateway:
    path = getattr(settings, "ZHENGBAN_SMS_GATEWAY", "zhengban.notifications.sms.LogSmsGateway")
    return import_string(path)()


def sms_text(title: str) -> str:
    text = f"【政办】{title}"
    return text if len(text) <= SMS_MAX_CHARACTERS else text[: SMS_MAX_CHARACTERS - 1] + "…"
