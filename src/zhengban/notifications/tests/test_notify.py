import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from zhengban.core.actions import do_delegate
from zhengban.core.models import Person
from zhengban.engine.actions import do_transition
from zhengban.engine.models import Task, TaskState
from zhengban.notifications.actions import notify
from zhengban.notifications.models import Delivery, Job, Notification
from zhengban.notifications.worker import run_cycle

pytestmark = pytest.mark.django_db
NEUTRAL_EN = "A classified matter needs your attention"
NEUTRAL_ZH = "一份涉密事项需要您处理"


def opened(person):
    return Notification.objects.filter(recipient=person, verb="task.opened")


def test_memo_to_a_unit_notifies_every_member_who_may_claim_it(office, send_memo):
    matter = send_memo()
    task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    for person in (office.other_member, office.other_chief):
        note = opened(person).get()
        assert note.matter == matter and note.task == task and note.read_at is None
        assert matter.number in note.title and matter.title in note.title
        assert note.url == f"/matters/{matter.pk}/"
        assert timezone.localtime(task.due_at).strftime("%Y-%m-%d") in note.body
        assert note.email_status == Delivery.PENDING
        assert note.sms_status == Delivery.NOT_REQUESTED  # a normal-urgency new task is not worth a text
    assert not opened(office.member).exists()  # the sender opened it: no news to them
    assert not opened(office.outsider).exists() and not opened(office.chief).exists()
    assert Job.objects.filter(kind="deliver").count() == 2


def test_delivery_sends_each_email_once(office, send_memo):
    matter = send_memo()
    run_cycle("w1")
    run_cycle("w1")
    assert sorted(m.to[0] for m in mail.outbox) == ["other@example.gov.cn", "otherchief@example.gov.cn"]
    assert all(matter.title in m.subject and f"/matters/{matter.pk}/" in m.body for m in mail.outbox)
    assert set(Notification.objects.values_list("email_status", flat=True)) == {Delivery.SENT}


def test_role_task_goes_to_the_role_only_and_not_to_the_actor(office, send_memo, django_capture_on_commit_callbacks):
    matter = send_memo()
    with django_capture_on_commit_callbacks(execute=True):
        matter = do_transition(office.other_member, matter, "accept", {})
        do_transition(office.other_member, matter, "handle", {"result": "已整理"})
    approvals = Notification.objects.filter(task__kind="approve")
    assert [n.recipient for n in approvals] == [office.other_chief]
    # Accepting opened a task to the accepting person themselves: they are not told about it.
    assert not opened(office.other_member).filter(task__step="accepted").exists()


def test_a_delegate_is_notified_for_the_principal(office, send_memo):
    now = timezone.now()
    do_delegate(office.other_chief, office.other_chief, office.chief, start=now - datetime.timedelta(hours=1),
                end=now + datetime.timedelta(days=5), reason="出差")
    Person.objects.filter(pk=office.chief.pk).update(language="en")
    send_memo()
    note = opened(office.chief).get()
    assert note.on_behalf_of == office.other_chief
    assert note.title.startswith("For 样例·他科科长: New task:")
    assert opened(office.other_chief).get().on_behalf_of is None


def test_classified_matter_is_neutral_for_recipients_without_clearance(office, send_memo, sms_outbox):
    Person.objects.filter(pk=office.other_chief.pk).update(clearance=2)
    Person.objects.filter(pk=office.other_member.pk).update(language="en")
    secret_title = "涉密：某重点项目选址方案"
    matter = send_memo(title=secret_title, body="机密正文", classification=1, classification_period="10年", urgency="urgent")
    run_cycle("w1")

    hidden = opened(office.other_member).get()
    assert (hidden.title, hidden.body) == (NEUTRAL_EN, "")
    cleared = opened(office.other_chief).get()
    assert secret_title in cleared.title
    hidden_mail = next(m for m in mail.outbox if m.to == [office.other_member.email])
    assert hidden_mail.subject == NEUTRAL_EN and secret_title not in hidden_mail.body and matter.number not in hidden_mail.body
    # Urgent matters also go by SMS: the uncleared one gets only the neutral text.
    texts = [text for _, text in sms_outbox]
    assert len(texts) == 2
    assert sum(NEUTRAL_EN in t for t in texts) == 1 and sum(secret_title in t for t in texts) == 1


def test_notify_hides_classified_text_in_the_recipients_language(office, send_memo, sms_outbox):
    matter = send_memo(classification=2, classification_period="10年")
    with translation.override("en"):
        note = notify(office.other_member, matter=matter, verb="task.due", title=matter.title, body=matter.body, url="/x/")
    assert (note.title, note.body) == (NEUTRAL_ZH, "")  # the recipient's language is the default, Chinese
    run_cycle("w1")
    assert sms_outbox == [(office.other_member.phone, "【政办】" + NEUTRAL_ZH)]
    assert all(matter.title not in m.subject + m.body for m in mail.outbox)


def test_failed_delivery_is_retried_without_resending_what_went_out(office, settings, sms_outbox):
    settings.ZHENGBAN_SMS_GATEWAY = "zhengban.notifications.tests.test_notify.BrokenGateway"
    note = notify(office.other_member, verb="task.due", title="办理时限已到")
    now = timezone.now()
    assert "retry" in str(run_cycle("w1", now=now))
    note.refresh_from_db()
    assert (note.email_status, note.sms_status) == (Delivery.SENT, Delivery.PENDING) and "down" in note.delivery_error
    settings.ZHENGBAN_SMS_GATEWAY = "zhengban.notifications.sms.RecordingSmsGateway"
    run_cycle("w1", now=now + datetime.timedelta(minutes=6))
    note.refresh_from_db()
    assert (note.email_status, note.sms_status) == (Delivery.SENT, Delivery.SENT)
    assert len(mail.outbox) == 1 and len(sms_outbox) == 1


class BrokenGateway:
    def send(self, phone, text):
        raise ConnectionError("gateway down")
