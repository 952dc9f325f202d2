"""The organiser's session view on a phone, as a policy officer reads it: the agreed actions
read as cards that keep their words whole."""

from __future__ import annotations

from playwright.async_api import Page

from sandbox import scenario
from sandbox.world import World
from tests.web.browsing import serious_violations
from tests.web.test_web_lead import code_of, leader_with_session

# Words of a table cell that the browser split over two lines ("buurttea" / "m").
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll("td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


async def test_the_organisers_action_table_keeps_its_words_whole_on_a_phone(
    web_world: World, phone: Page
) -> None:
    femke, links = await leader_with_session(web_world)
    await scenario.add_action(
        femke, "Eén vast telefoonnummer waar ouders altijd iemand spreken", "buurtteam", "1 maand"
    )
    await phone.goto(f"{web_world.web_url}/o/{code_of(links.organiser)}")
    await phone.get_by_role("button", name="Ja, ik ben de opdrachtgever").click()
    await phone.wait_for_url("**/session")
    assert await phone.get_by_role("cell", name="buurtteam").is_visible()
    assert await phone.evaluate(SPLIT_WORDS) == []
    # Each action reads as a card: every value, the status too, on the screen without
    # scrolling sideways, beside the name of its column.
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 390
    status = phone.get_by_role("cell", name="nog geen nieuws")
    box = await status.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    assert await status.evaluate("c => getComputedStyle(c, '::before').content") == '"Status"'
    # Overdue: the mark follows the status on its own line, not under the column's name.
    await web_world.advance(days=40)
    await phone.reload()
    overdue = await phone.get_by_text("(te laat)").bounding_box()
    status_now = await phone.get_by_role("cell", name="nog geen nieuws (te laat)").bounding_box()
    assert overdue is not None and status_now is not None
    assert overdue["y"] < status_now["y"] + 24 and overdue["x"] > status_now["x"] + 90
    assert await serious_violations(phone) == []
    # In English, with its longer words, the same.
    await phone.goto(phone.url.split("?")[0] + "?lang=en")
    assert await phone.get_by_role("heading", name="Agreed actions").is_visible()
    assert await phone.evaluate(SPLIT_WORDS) == []
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 390
