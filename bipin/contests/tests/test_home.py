def test_the_home_page_lists_public_contests_in_chinese(client, cast):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "测试大比拼" in text and "另一个活动" in text
    assert 'lang="zh-hans"' in text


def test_the_stylesheet_is_served(client, db):
    response = client.get("/static/bipin/bipin.css")
    assert response.status_code == 200
