"""A login link's token is whatever the address bar holds: any text finds no link."""

import pytest


@pytest.mark.parametrize("token", ["甲" * 20, "é", "x" * 500, "%00"])
def test_a_token_that_was_never_issued_says_the_link_is_invalid(client, db, token):
    assert client.get(f"/accounts/link/{token}/").status_code == 410
    assert client.get(f"/c/some-contest/exam/sittings/1/enter/{token}/").status_code == 410
