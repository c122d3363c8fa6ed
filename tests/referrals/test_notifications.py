"""The office's notification: sent by a task, retried with back-off, never losing the referral."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import default_task_backend
from journey import send

from referrals import notifications
from referrals.models import Notification, Referral
from referrals.notifications import MAX_ATTEMPTS, backoff, send_due_notifications, send_notification


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every connection."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


FAILING = "test_notifications.FailingBackend"


@pytest.fixture
def failing_mail(settings):
    settings.EMAIL_BACKEND = FAILING


def test_backoff_doubles_up_to_six_hours():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [datetime.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert backoff(20) == datetime.timedelta(hours=6)


def test_a_failing_mail_server_keeps_the_referral_and_schedules_a_retry(
    client, directory, failing_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client)
    # The witness still gets a confirmation: the referral was saved before anything was sent.
    assert response.status_code == 302 and response["Location"].endswith("/report/sent/")
    referral = Referral.objects.get()
    notification = referral.notifications.get()
    assert notification.state == Notification.State.FAILED
    assert notification.attempts == 1
    assert "SMTPConnectError" in notification.last_error
    assert notification.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)


def test_the_immediate_test_backend_cannot_defer_so_the_sweep_retries(
    client, directory, settings, django_capture_on_commit_callbacks
):
    # django-tasks' ImmediateBackend refuses run_after; the task must not rely on it there.
    assert default_task_backend.supports_defer is False
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        send(client)
    notification = Notification.objects.get()
    assert send_due_notifications() == 0  # not due yet
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = notification.next_attempt_at + datetime.timedelta(seconds=1)
    assert send_due_notifications(now=later) == 1
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == (Notification.State.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_queue_that_can_defer_gets_the_retry_with_run_after(
    client, directory, settings, failing_mail, django_capture_on_commit_callbacks
):
    # Changing TASKS through the settings fixture makes django-tasks rebuild its backends.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        send(client)
    notification = Notification.objects.get()
    backend = send_notification.get_backend()
    assert backend.supports_defer
    # The first send is queued (the dummy queue does not run it); run it as the worker would.
    assert [r.task.run_after for r in backend.results] == [None]
    with django_capture_on_commit_callbacks(execute=True):
        send_notification.call(notification.pk)
    notification.refresh_from_db()
    retry = backend.results[-1]
    assert retry.task.run_after == notification.next_attempt_at
    assert retry.args == [notification.pk]


def test_the_database_queue_stores_the_retry_for_later(
    client, directory, settings, failing_mail, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        send(client)
    notification = Notification.objects.get()
    assert DBTaskResult.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        send_notification.call(notification.pk)
    notification.refresh_from_db()
    retry = DBTaskResult.objects.order_by("enqueued_at").last()
    assert retry.run_after == notification.next_attempt_at
    assert retry.args_kwargs["args"] == [notification.pk]


def test_it_gives_up_after_the_last_attempt_and_keeps_the_row(client, directory, failing_mail):
    send(client)
    notification = Notification.objects.get()
    for _attempt in range(MAX_ATTEMPTS):
        send_notification.call(notification.pk)
    notification.refresh_from_db()
    assert notification.state == Notification.State.GAVE_UP
    assert notification.attempts == MAX_ATTEMPTS
    assert notification.next_attempt_at is None
    assert Referral.objects.count() == 1


def test_a_sent_notification_is_never_sent_twice(client, directory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(client)
    notification = Notification.objects.get()
    assert send_notification.call(notification.pk) == Notification.State.SENT
    assert len(mail.outbox) == 1


def test_a_queue_that_is_down_does_not_lose_the_referral(client, directory, monkeypatch,
                                                         django_capture_on_commit_callbacks):  # fmt: skip
    def broken(*args, **kwargs):
        raise ConnectionError("queue is down")

    monkeypatch.setattr(notifications.send_notification.get_backend(), "enqueue", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client)
    assert response["Location"].endswith("/report/sent/")
    notification = Notification.objects.get()
    assert notification.state == Notification.State.PENDING
    assert send_due_notifications() == 1
