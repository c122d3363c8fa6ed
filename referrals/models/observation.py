"""Referrals: what a witness saw, where it was routed, and what the office did with it.

Structured answers (choices, dates) are stored in plain columns so that officials can
filter and count them. Everything a witness writes in their own words is one encrypted JSON
value per referral (`witness_words`), and who they are (name, phone, e-mail) another
(`identity`), both EncryptedJSONField (portal/crypto.py): reading a referral decrypts two
values, not one per question, and the identity need not be decrypted at all where it is not
to be passed on. Each part keeps its own attribute (`referral.account`,
`referral.witness_phone`), so code reads and writes them as before. No IP address, user
agent or other metadata about the witness's device is stored anywhere.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contacts.models import Region, RegionalOmbudsman
from portal.crypto import EncryptedJSONField, EncryptedTextField

# --- Gazetteer --------------------------------------------------------------------------


class SettlementQuerySet(models.QuerySet):
    def offered(self):
        """Places a witness may choose: not those the classifier has retired."""
        return self.filter(is_retired=False)


class Settlement(models.Model):
    """A place a witness may name, placed in one of today's 20 regions.

    Every settlement of the national classifier (KATO, referrals/kato.py) is one, with its
    code, district and rural district; the districts of Astana, Almaty and Shymkent are
    places of their city. The curated entries of fixtures/gazetteer.json add Kazakh and
    English names, former names and variants; a place the classifier names only in Russian
    carries that name in every language until staff add others.
    """

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        CITY_DISTRICT = "city_district", _("District of a city")
        DISTRICT_CENTRE = "district_centre", _("District centre")
        VILLAGE = "village", _("Village")
        OTHER = "other", _("Other settlement (station, winter quarters, farm)")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="settlements", verbose_name=_("region"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    # Null for a place staff added before it reaches the classifier (a new town).
    kato_code = models.CharField(
        _("KATO code"),
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The 9-digit code of the Classifier of Administrative-Territorial Objects."),
    )
    district = models.CharField(_("district"), max_length=200, blank=True)
    rural_district = models.CharField(_("rural district"), max_length=200, blank=True)
    # Among places of one name, these are what a witness most likely means: the curated
    # towns, district centres and villages, and the districts of the three cities.
    offered_first = models.BooleanField(
        _("offered first"),
        default=False,
        help_text=_(
            "Among places of the same name, one offered first is chosen without asking; "
            "the witness sees it and can change it."
        ),
    )
    # Kept for the referrals that named it; no longer offered to witnesses.
    is_retired = models.BooleanField(
        _("retired from the classifier"),
        default=False,
        help_text=_("A retired place stays for the referrals that name it and is no longer offered to witnesses."),
    )

    objects = SettlementQuerySet.as_manager()

    class Meta:
        ordering = ["region__position", "name_kk"]
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")

    def __str__(self):
        return f"{self.name} ({self.region})"


class SettlementName(models.Model):
    """Every name a settlement is known by, with its search key.

    The key is the name folded for matching (referrals/gazetteer.py: case, diacritics,
    Kazakh letters typed without them and Cyrillic or Latin script all fold to one
    skeleton), so that "Оскемен", "Өскемен", "Oskemen" and "Усть-Каменогорск" all find
    the same place.
    """

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Official name")
        VARIANT = "variant", _("Other spelling or former name")
        FORMER = "former", _("Former name")

    settlement = models.ForeignKey(Settlement, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=100)
    key = models.CharField(max_length=100, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OFFICIAL)

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["settlement", "key"], name="settlement_name_unique_key"),
        ]

    def __str__(self):
        return self.name


# --- Referrals --------------------------------------------------------------------------


class ReferralStatus(models.TextChoices):
    # With a context: other apps' catalogs translate "Closed" for other things (a directory
    # entry), and the first app's translation would otherwise win.
    RECEIVED = "received", pgettext_lazy("referral status", "Received")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("referral status", "Acknowledged by the regional office")
    PASSED_ON = "passed_on", pgettext_lazy("referral status", "Passed to the police or another service")
    CLOSED = "closed", pgettext_lazy("referral status", "Closed")
    DECLINED = "declined", pgettext_lazy("referral status", "Declined")


class RoutedTo(models.TextChoices):
    REGIONAL_OFFICE = "regional_office", _("Regional ombudsman's office")
    COMMISSIONER = "commissioner", _("Commissioner for Children's Rights' office")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("I don't know")


# --- Closed vocabularies of the observation form --------------------------------------
# Every list ends in "I don't know" where that is a true answer (UX.md).


class PlaceKind(models.TextChoices):
    STREET = "street", _("Street or yard")
    ENTRANCE = "entrance", _("Entrance, stairwell or lift")
    SCHOOL_ROUTE = "school_route", _("On the way to or from school")
    SHOP = "shop", _("Shop or market")
    TRANSPORT = "transport", _("Public transport or a stop")
    ONLINE = "online", _("Online")
    HOME = "home", _("A home")
    OTHER = "other", _("Somewhere else")
    UNKNOWN = "unknown", _("I don't know")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("I don't know")


class SuspectAge(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    AGE_18_25 = "18_25", _("18 to 25")
    AGE_26_40 = "26_40", _("26 to 40")
    AGE_41_60 = "41_60", _("41 to 60")
    OVER_60 = "over_60", _("Over 60")
    UNKNOWN = "unknown", _("I don't know")


class Height(models.TextChoices):
    SHORT = "short", _("Short")
    AVERAGE = "average", _("Average")
    TALL = "tall", _("Tall")
    UNKNOWN = "unknown", _("I don't know")


class Build(models.TextChoices):
    SLIM = "slim", _("Slim")
    AVERAGE = "average", _("Average")
    HEAVY = "heavy", _("Heavy")
    UNKNOWN = "unknown", _("I don't know")


class SpokenLanguage(models.TextChoices):
    # A context of their own: the portal's catalog, which is read first, gives the bare "Kazakh"
    # as the name of a page language (the language menu); these answers read "in Kazakh", as
    # "in another language" does.
    KAZAKH = "kazakh", pgettext_lazy("spoken language", "Kazakh")
    RUSSIAN = "russian", pgettext_lazy("spoken language", "Russian")
    OTHER = "other", _("Another language")
    DID_NOT_SPEAK = "did_not_speak", _("Did not hear them speak")
    UNKNOWN = "unknown", _("I don't know")


class Relationship(models.TextChoices):
    # Most offenders are family or acquaintances: "stranger" is one option among many.
    FAMILY = "family", _("A family member")
    ACQUAINTANCE = "acquaintance", _("A family friend or acquaintance")
    NEIGHBOUR = "neighbour", _("A neighbour")
    CARER = "carer", _("A teacher, coach or carer")
    OTHER_CHILD = "other_child", _("Another child or teenager")
    ONLINE = "online", _("Someone the child met online")
    STRANGER = "stranger", _("A stranger")
    UNKNOWN = "unknown", _("I don't know")


class VehicleType(models.TextChoices):
    NONE = "none", _("No vehicle")
    CAR = "car", _("Car")
    TAXI = "taxi", _("Taxi")
    VAN = "van", _("Van or minibus")
    TRUCK = "truck", _("Lorry")
    MOTORCYCLE = "motorcycle", _("Motorcycle or scooter")
    BICYCLE = "bicycle", _("Bicycle")
    OTHER = "other", _("Another vehicle")
    UNKNOWN = "unknown", _("I don't know")


class ChildAge(models.TextChoices):
    UNDER_6 = "under_6", _("Under 6")
    AGE_6_9 = "6_9", _("6 to 9")
    AGE_10_13 = "10_13", _("10 to 13")
    AGE_14_17 = "14_17", _("14 to 17")
    UNKNOWN = "unknown", _("I don't know")


class ChildSex(models.TextChoices):
    GIRL = "girl", _("Girl")
    BOY = "boy", _("Boy")
    UNKNOWN = "unknown", _("I don't know")


class Category(models.TextChoices):
    TOUCHING = "touching", _("Touching the child in a sexual way")
    EXPOSURE = "exposure", _("Exposing themselves or indecent acts in front of the child")
    ASSAULT = "assault", _("Sexual assault or rape")
    LURING = "luring", _("Luring or taking the child away")
    GROOMING = "grooming", _("Grooming: gifts, secrets, gaining the child's trust")
    ONLINE = "online", _("Online: sexual messages, images or requests")
    OTHER = "other", _("Something else that worried me")


class AlreadyDone(models.TextChoices):
    CALLED_102 = "called_102", _("Called the police (102)")
    CALLED_111 = "called_111", _("Called the 111 line")
    TOLD_PARENTS = "told_parents", _("Told the child's parents or carers")
    TOLD_SCHOOL = "told_school", _("Told the school or kindergarten")
    TOLD_OTHER = "told_other", _("Told someone else")


# The witness's own words: the keys of Referral.witness_words, each also an attribute.
WITNESS_WORDS = (
    "settlement_typed",
    "place_description",
    "suspect_hair",
    "suspect_clothing",
    "suspect_marks",
    "suspect_direction",
    "vehicle_make",
    "vehicle_colour",
    "vehicle_plate",
    "child_appearance",
    "account",
    "other_witnesses",
    "evidence_kept",
)
# Who the witness is: the keys of Referral.identity.
IDENTITY = ("witness_name", "witness_phone", "witness_email")


def _part_of(store: str, key: str) -> property:
    """`referral.<key>` reads and writes one entry of the encrypted JSON value `store`.

    A property (not a field), so Referral(account=...) and referral.account work as they
    did when each answer was its own column; the empty string is "not answered".
    """

    def get(self):
        return (getattr(self, store) or {}).get(key, "")

    def set(self, value):
        data = dict(getattr(self, store) or {})
        if value:
            data[key] = value
        else:
            data.pop(key, None)
        setattr(self, store, data)

    return property(get, set, doc=f"The witness's answer `{key}`, kept in `{store}`.")


class ReferralQuerySet(models.QuerySet):
    def for_regions(self, regions):
        """The one place where referrals are scoped to an official's regions."""
        return self.filter(region__in=regions)

    def without_words(self):
        """For lists and jobs that show no answers: the two encrypted values are not even read."""
        return self.defer("witness_words", "identity")

    def unacknowledged_since(self, moment):
        return self.filter(status=ReferralStatus.RECEIVED, submitted_at__lt=moment)


class Referral(models.Model):
    """One witness's observation and the case an office works on it."""

    class DatePrecision(models.TextChoices):
        EXACT = "exact", _("Exact date")
        APPROXIMATE = "approximate", _("Approximate date")
        UNKNOWN = "unknown", _("I don't know")

    class PartOfDay(models.TextChoices):
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")
        EVENING = "evening", _("Evening")
        NIGHT = "night", _("Night")
        UNKNOWN = "unknown", _("I don't know")

    # Identity of the case. The reference is random, not sequential, so that one
    # reference says nothing about how many others exist.
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    follow_up_code_hash = models.CharField(max_length=200)
    # A hash of the draft's random identifier: a second "Send" of the same draft (a double
    # tap, two tabs) hits the unique constraint instead of creating a second referral.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    language = models.CharField(_("language of the report"), max_length=5, choices=settings.LANGUAGES)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Routing (referrals/routing.py records how these were decided in RoutingRecord).
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("region"), null=True, blank=True
    )
    routed_to = models.CharField(_("routed to"), max_length=16, choices=RoutedTo.choices)
    ombudsman = models.ForeignKey(
        RegionalOmbudsman,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("regional ombudsman"),
    )

    # Casework.
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.RECEIVED, db_index=True
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    # When.
    date_precision = models.CharField(_("how sure of the date"), max_length=12, choices=DatePrecision.choices)
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    # An approximate date may be a month and a year only (the day of occurred_on is then 1),
    # or a year only (then the month is January too).
    occurred_day_known = models.BooleanField(_("day of the month known"), default=True)
    occurred_month_known = models.BooleanField(_("month known"), default=True)
    time_exact = models.TimeField(_("time"), null=True, blank=True)
    part_of_day = models.CharField(_("part of the day"), max_length=10, choices=PartOfDay.choices, blank=True)

    # Where.
    settlement = models.ForeignKey(
        Settlement, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("settlement")
    )
    # What the place was when the referral was routed, kept even if the gazetteer changes later.
    settlement_kato_code = models.CharField(_("KATO code of the settlement"), max_length=9, blank=True)
    settlement_district = models.CharField(_("district of the settlement"), max_length=200, blank=True)
    place_kind = models.CharField(_("kind of place"), max_length=20, choices=PlaceKind.choices, blank=True)

    # The suspect.
    suspect_sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    suspect_age = models.CharField(_("approximate age"), max_length=10, choices=SuspectAge.choices, blank=True)
    suspect_height = models.CharField(_("height"), max_length=10, choices=Height.choices, blank=True)
    suspect_build = models.CharField(_("build"), max_length=10, choices=Build.choices, blank=True)
    suspect_language = models.CharField(_("language spoken"), max_length=20, choices=SpokenLanguage.choices, blank=True)
    suspect_relationship = models.CharField(
        _("relationship to the child"), max_length=20, choices=Relationship.choices, blank=True
    )
    suspect_has_access = models.CharField(
        _("still has access to the child"), max_length=8, choices=YesNoUnknown.choices, blank=True
    )
    vehicle_type = models.CharField(_("vehicle"), max_length=20, choices=VehicleType.choices, blank=True)

    # The child (no name is asked for).
    child_age = models.CharField(_("child's approximate age"), max_length=10, choices=ChildAge.choices, blank=True)
    child_sex = models.CharField(_("child's sex"), max_length=10, choices=ChildSex.choices, blank=True)

    # What happened.
    category = models.CharField(_("what happened"), max_length=20, choices=Category.choices, blank=True)

    # The witness: all optional, anonymous by default.
    may_contact = models.BooleanField(_("the witness may be contacted"), default=False)
    identity_may_be_shared = models.BooleanField(_("the witness's identity may be passed to the police"), default=False)
    already_done = models.JSONField(_("what the witness has already done"), default=list, blank=True)

    # Encrypted: what the witness wrote in their own words, and who they are (see WITNESS_WORDS).
    witness_words = EncryptedJSONField(_("in the witness's own words"))
    identity = EncryptedJSONField(_("the witness's identity"))

    settlement_typed = _part_of("witness_words", "settlement_typed")
    place_description = _part_of("witness_words", "place_description")
    suspect_hair = _part_of("witness_words", "suspect_hair")
    suspect_clothing = _part_of("witness_words", "suspect_clothing")
    suspect_marks = _part_of("witness_words", "suspect_marks")
    suspect_direction = _part_of("witness_words", "suspect_direction")
    vehicle_make = _part_of("witness_words", "vehicle_make")
    vehicle_colour = _part_of("witness_words", "vehicle_colour")
    vehicle_plate = _part_of("witness_words", "vehicle_plate")
    child_appearance = _part_of("witness_words", "child_appearance")
    account = _part_of("witness_words", "account")
    other_witnesses = _part_of("witness_words", "other_witnesses")
    evidence_kept = _part_of("witness_words", "evidence_kept")
    witness_name = _part_of("identity", "witness_name")
    witness_phone = _part_of("identity", "witness_phone")
    witness_email = _part_of("identity", "witness_email")

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            # The officials' worklist: a region's referrals by status, newest first.
            models.Index(fields=["region", "status", "-submitted_at"], name="referral_worklist_idx"),
        ]
        constraints = [
            # A referral the regional office handles always has a region.
            models.CheckConstraint(
                name="referral_regional_office_has_region",
                condition=~Q(routed_to=RoutedTo.REGIONAL_OFFICE) | Q(region__isnull=False),
            ),
        ]
        permissions = [
            ("export_referral", _("Can export referrals")),
            ("view_audit_log", _("Can view the audit log")),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_anonymised(self):
        return self.anonymised_at is not None

    @property
    def place_district(self) -> str:
        """The matched place's district in the page's language where staff gave one, else
        as recorded when the referral was routed. Exports read the same from SQL
        (referrals/exports.py, ExportRows._cursor)."""
        district = str(self.settlement.district) if self.settlement_id else ""
        return district or self.settlement_district


class RoutingRecord(models.Model):
    """What the witness typed, what it matched, and why the referral went where it went."""

    class Method(models.TextChoices):
        GAZETTEER = "gazetteer", _("Matched in the gazetteer")
        WITNESS_CHOICE = "witness_choice", _("Region chosen by the witness")
        UNKNOWN = "unknown", _("Region not known")
        MOVED = "moved", _("Moved by an official")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="routing_records")
    created_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=16, choices=Method.choices)
    typed = EncryptedTextField(blank=True, max_length=100)
    matched_settlement = models.ForeignKey(Settlement, on_delete=models.SET_NULL, null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)
    routed_to = models.CharField(max_length=16, choices=RoutedTo.choices)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("routing record")
        verbose_name_plural = _("routing records")

    def __str__(self):
        return f"{self.referral}: {self.get_routed_to_display()}"


class WitnessAddition(models.Model):
    """Information a witness adds later with their follow-up code: kept, never overwritten."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="additions")
    created_at = models.DateTimeField(default=timezone.now)
    text = EncryptedTextField(max_length=5000)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("witness's addition")
        verbose_name_plural = _("witness's additions")

    def __str__(self):
        return f"{self.referral} @ {self.created_at:%Y-%m-%d %H:%M}"


class ReferralEvent(models.Model):
    """Every change of a referral's status, recorded with who made it and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    from_status = models.CharField(max_length=16, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ReferralStatus.choices)
    note = EncryptedTextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")

    def __str__(self):
        return f"{self.referral}: {self.from_status} -> {self.to_status}"


class Notification(models.Model):
    """An e-mail to an office about a referral; the task that sends it retries with back-off."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will retry")
        GAVE_UP = "gave_up", _("Gave up")
        # Nobody of the office could be told by e-mail: the coordinator's worklist shows it.
        NOBODY = "nobody", _("Nobody to tell by e-mail")

    class Kind(models.TextChoices):
        # The label is what the e-mail's subject line calls it.
        NEW_REFERRAL = "new_referral", _("new referral")
        WITNESS_ADDITION = "witness_addition", _("the witness added information")
        MOVED = "moved", _("passed to your office")
        REMINDER = "reminder", _("reminder: not yet acknowledged")
        ESCALATED = "escalated", _("escalated: not acknowledged in time")
        RETENTION_WARNING = "retention_warning", _("to be anonymised soon")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    recipient = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # When a failed notification is due again: the task re-enqueues itself for that time
    # where the queue can defer, and `manage.py send_due_notifications` sweeps the rest.
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.kind} to {self.recipient} ({self.state})"
