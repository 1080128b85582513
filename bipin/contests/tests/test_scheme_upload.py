"""The organizer uploads the scheme; a bad one is kept with its problems but not in force."""

from django.core.files.uploadedfile import SimpleUploadedFile

from bipin.contests.demo import EXAMPLES
from bipin.contests.services import current_scheme


def upload(client, name, data):
    return client.post("/c/test-contest/setup/scheme/", {"file": SimpleUploadedFile(name, data)},
                       follow=True)


def test_a_valid_scheme_comes_into_force(client_as, cast):
    data = (EXAMPLES / "dabipin" / "scheme.yaml").read_bytes()
    response = upload(client_as("organizer"), "scheme.yaml", data)
    assert "考评方案第 1 版已生效" in response.content.decode()
    assert current_scheme(cast.contest).content == data


def test_a_broken_scheme_names_the_place_and_keeps_the_old_one_in_force(client_as, cast):
    client = client_as("organizer")
    upload(client, "scheme.yaml", (EXAMPLES / "apples" / "scheme.yaml").read_bytes())
    bad = (EXAMPLES / "dabipin" / "scheme.yaml").read_text().replace(
        "target_step(target=100, step=0.1, deduct=1)", "target_step(target=100, step=0, deduct=1)")
    text = upload(client, "scheme.yaml", bad.encode()).content.decode()
    assert "考评方案有误,未生效" in text
    assert "step" in text and "dimensions[1]" in text
    assert current_scheme(cast.contest).number == 1


def test_a_judge_cannot_upload_a_scheme(client_as, cast):
    data = (EXAMPLES / "apples" / "scheme.yaml").read_bytes()
    assert upload(client_as("judge"), "scheme.yaml", data).status_code == 403
    assert current_scheme(cast.contest) is None
