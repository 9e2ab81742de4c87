"""`workshop demo`."""

import click


@click.command("demo")
@click.option("--participants", default=300, show_default=True, type=click.IntRange(1, 5000))
@click.option("--seed", default=2026, show_default=True, help="Random seed, for repeatable data.")
def demo_command(participants: int, seed: int) -> None:
    """Create a complete demonstration round and print its id."""
    from workshop.convening.invitations import invitation_rows
    from workshop.convening.services import contact_count, list_organisations
    from workshop.demo import create_demo
    from workshop.extensions import db
    from workshop.strategy.services import ensure_strategy_loaded

    ensure_strategy_loaded()
    review_round = create_demo(participants=participants, seed=seed)
    db.session.commit()
    session = review_round.sessions[0]
    click.echo(
        f"Created demo round {review_round.id} ({review_round.title}): session "
        f"{session.title!r}, join code {session.join_code}, {participants} participants."
    )
    click.echo(
        f"Stakeholder register: {len(list_organisations())} organisations, "
        f"{contact_count()} contacts."
    )
    invited = invitation_rows(review_round)
    click.echo(
        f"Invitations: {len(invited)}, "
        f"{sum(row['answer'] == 'coming' for row in invited)} coming, "
        f"{sum(row['joined'] for row in invited)} joined."
    )
    click.echo(review_round.id)
