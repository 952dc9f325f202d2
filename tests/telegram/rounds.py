"""A session set up as the walkthrough tests in Telegram start from."""

from __future__ import annotations

from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World

ANSWERS = [
    ("sanne", "Wachtlijst duurde maanden"),
    ("ahmed", "Lange wachtlijst, maanden niets gehoord"),
    ("joke", "Soepel contact met school"),
]


async def closed_round(world: World) -> tuple[Person, dict[str, Person], scenario.Links]:
    """A session of three perspectives with its first round answered and closed."""
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    people = {name: world.person(name.title()) for name in ("sanne", "ahmed", "joke")}
    perspective = {"sanne": "parent", "ahmed": "worker", "joke": "partner"}
    for name, person in people.items():
        await scenario.join(person, links.participant[perspective[name]])
    await facilitator.send("/open")
    for name, text in ANSWERS:
        await people[name].send(text)
    await facilitator.send("/sluit")
    return facilitator, people, links


async def facilitator_with_another(world: World) -> tuple[Person, Person, scenario.Links]:
    """Anna (the admin) and Olga, a facilitator Anna made, each with a session of their own;
    with the invites of Anna's session ("Elders"), where Olga may take part."""
    host = world.admin("Anna")
    elsewhere = await scenario.create_session(host, "Elders")
    await host.send("/facilitator")
    facilitator = world.person("Olga")
    await facilitator.open_link(host.last.text.split()[-1])
    await scenario.create_session(facilitator, "Eigen sessie")
    return host, facilitator, elsewhere
