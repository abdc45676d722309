"""What the register gives the apps below it, through their hooks (registered from ``RegisterConfig.ready``)."""


def register() -> None:
    from core.background import periodic
    from decisions import hooks
    from register.tasks import publish_what_is_due, publish_when_sealed

    hooks.sealed.register(publish_when_sealed)
    periodic.register(publish_what_is_due)
