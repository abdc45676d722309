"""``manage.py grant_role <username> "<role name>"``: give a person one of the service's roles (``--remove`` takes it
away).

The roles are the groups of ``core/roles.py`` (Finance officer, Drafting officer, Chief Executive, Decision-maker
(DMPC), Governance and publication, Auditor). Giving a role also lets the person sign in to the back office
(``is_staff``), where much of the work is done; what they may do there is what the role gives them. Removing a role
leaves everything else about the user as it was. Who holds which signing office for which body is not a role: it is
recorded separately.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import ALL_ROLES, sync_roles


def _role_named(name: str) -> str:
    """The role called ``name`` (letter case aside), or a refusal that lists the roles there are."""
    wanted = " ".join(name.split()).casefold()
    for role in ALL_ROLES:
        if role.casefold() == wanted:
            return role
    listed = "\n".join(f"  {role}" for role in ALL_ROLES)
    raise CommandError(f'There is no role called "{name}". The roles are:\n{listed}')


class Command(BaseCommand):
    help = 'Give a user one of the roles of core/roles.py (e.g. grant_role jsmith "Auditor"), or take it away.'

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user name (made first by createsuperuser or the back office).")
        parser.add_argument("role", help=f"The role's name, in quotes: {', '.join(ALL_ROLES)}.")
        parser.add_argument("--remove", action="store_true", help="Take the role away instead of giving it.")

    def handle(self, *args, username: str, role: str, remove: bool, **options):
        role_name = _role_named(role)
        user_model = get_user_model()
        with transaction.atomic():
            try:
                user = user_model.objects.select_for_update().get(**{user_model.USERNAME_FIELD: username})
            except user_model.DoesNotExist:
                raise CommandError(
                    f'There is no user "{username}". Create the user first (manage.py createsuperuser for an '
                    "administrator, or the back office's Users page), then give the role."
                ) from None
            group = Group.objects.filter(name=role_name).first()
            if group is None:
                # The groups are made after every migrate; make them now if this database has not had one since.
                sync_roles()
                group = Group.objects.get(name=role_name)
            holds = user.groups.filter(pk=group.pk).exists()
            if remove:
                if not holds:
                    self.stdout.write(f"{username} does not hold the role {role_name}: nothing to remove.")
                    return
                user.groups.remove(group)
                self.stdout.write(self.style.SUCCESS(f"Took the role {role_name} away from {username}."))
                return
            if holds and user.is_staff:
                self.stdout.write(f"{username} already holds the role {role_name}.")
                return
            user.groups.add(group)
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
        self.stdout.write(self.style.SUCCESS(f"Gave {username} the role {role_name}."))
        if not user.is_active:
            self.stderr.write(f"{username} is not active: they cannot sign in until the account is made active.")
        elif not user.has_usable_password():
            self.stderr.write(f"{username} has no password yet: set one with manage.py changepassword {username}.")
