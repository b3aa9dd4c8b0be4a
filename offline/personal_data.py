"""What the offline app holds about one person: the ledger of actions replayed from their
devices (the `personal_data_export` and `user_erasing` hooks of learning.personal_data)."""

from .models import ReplayedAction


def personal_data_export(*, user) -> list[tuple[str, list[dict]]]:
    rows = ReplayedAction.objects.filter(user=user).order_by("received_at", "pk")
    return [
        (
            "offline/replayed_actions.csv",
            list(rows.values("client_id", "kind", "recorded_at", "received_at", "outcome")),
        )
    ]


def user_erasing(*, user) -> dict[str, int]:
    """The ledger only prevents double recording from the person's devices: deleted."""
    deleted, _by_model = ReplayedAction.objects.filter(user=user).delete()
    return {"offline.replayed_actions_deleted": deleted}
