def test_the_home_page_lists_public_contests_in_chinese(client, cast):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "测试大比拼" in text and "另一个活动" in text
    assert 'lang="zh-hans"' in text


def test_the_stylesheet_is_served(client, db):
    response = client.get("/static/bipin/bipin.css")
    assert response.status_code == 200


def test_the_contest_page_shows_setup_links_to_the_organizer_only(client_as, cast):
    organizer_page = client_as("organizer").get("/c/test-contest/").content.decode()
    assert "/c/test-contest/setup/entrants/" in organizer_page and "/audit/c/test-contest/" in organizer_page
    judge_page = client_as("judge").get("/c/test-contest/").content.decode()
    assert "/setup/" not in judge_page and "/audit/" not in judge_page


def test_the_home_page_lists_each_contests_work_waiting_for_the_user(client_as, cast, monkeypatch):
    from types import SimpleNamespace

    from bipin.contests import navigation
    from bipin.contests.navigation import Link

    def todo(contest, user, roles):
        if "dept_reporter" in roles:
            return [Link(f"{contest.name}:待填报 3 项", "/somewhere/")]
        return []

    fake = SimpleNamespace(links=lambda contest, roles: [], todo=todo)
    monkeypatch.setattr(navigation, "app_modules", lambda name: [("填报", fake)])
    page = client_as("reporter").get("/").content.decode()
    assert "待办" in page and "测试大比拼:待填报 3 项" in page and 'href="/somewhere/"' in page
    assert "待办" not in client_as("judge").get("/").content.decode()
