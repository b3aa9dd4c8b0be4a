import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from learning.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    country = "TJ"
    organisation = "Ministry of Labour"
    organisation_type = "ministry"
    preferred_language = "en"
    time_zone = "UTC"
    password = factory.django.Password("correct-horse-battery-9")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            for name in extracted or ["Learner"]:
                self.groups.add(Group.objects.get_or_create(name=name)[0])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )
