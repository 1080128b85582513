"""What the judging app hands the engine."""

from bipin.judging import observations, services


def test_only_locked_sheets_become_observations(event):
    sheet, _ = services.submit_sheet(event.judge, event.panel, event.entrants["南川县"], key="obs-key-0001",
                                     marks={"content": "5.5", "delivery": "3"})
    services.submit_sheet(event.judge2, event.panel, event.entrants["南川县"], key="obs-key-0002",
                          marks={"content": "4", "delivery": "2"})
    services.reopen_sheet(event.chief, sheet, "笔误")
    obs = observations.collect(event.contest)
    assert {(o.item, o.value, o.source) for o in obs} == {("content", 4.0, "panel"), ("delivery", 2.0, "panel")}
    assert {o.entrant for o in obs} == {str(event.entrants["南川县"].pk)}
    assert all(o.ref.startswith("sheet:") and o.judge == f"judge:{event.judge2.pk}" for o in obs)
