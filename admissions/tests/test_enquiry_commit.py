"""The email to admissions leaves only once the inquiry is committed: never
from inside the transaction that stores it, and never for an inquiry that
was rolled back. (The other tests run the on-commit callbacks at once, so
they would pass with the email sent inside the transaction.)"""

import pytest
from django.core import mail
from django.db import transaction

from admissions.models import Enquiry

URL = "/enquire/"


@pytest.mark.django_db
def test_no_email_leaves_before_the_enquiry_is_committed(
    client, enquiry_page, valid_data, staff, django_capture_on_commit_callbacks
):
    staff("Admissions")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(URL, valid_data).status_code == 303
        assert Enquiry.objects.count() == 1
        assert mail.outbox == []
    # The email waits for the commit; the commit sends it.
    assert len(callbacks) == 1
    callbacks[0]()
    assert [message.to for message in mail.outbox] == [["admissions@example.com"]]


class RolledBack(Exception):
    """Raised to roll back the transaction around a request."""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_enquiry_that_is_rolled_back_is_never_announced(
    client, enquiry_page, valid_data, staff
):
    staff("Admissions")
    with pytest.raises(RolledBack), transaction.atomic():
        assert client.post(URL, valid_data).status_code == 303
        assert Enquiry.objects.count() == 1
        raise RolledBack
    assert not Enquiry.objects.exists()
    assert mail.outbox == []
    # Committed, it is announced.
    assert client.post(URL, valid_data).status_code == 303
    assert [message.to for message in mail.outbox] == [["admissions@example.com"]]
