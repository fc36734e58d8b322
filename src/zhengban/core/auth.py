from django.contrib.auth.backends import ModelBackend


class DelegationAwareBackend(ModelBackend):
    """Password login for active people; delegation is resolved per action, not at login."""

    def user_can_authenticate(self, user):
        return getattr(user, "is_active", False)
