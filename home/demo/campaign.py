"""The demo campaign, "California International Marathon 2018", built from nothing (`manage.py load_demo_content`).

Idempotent: every page is looked up by its slug under its parent, every image by its title;
what exists is left as it is, so running it twice changes nothing. Names are invented; the runners',
families' and outlets' words are in home/demo/content.py. Images are illustrations drawn locally with
Pillow (home/demo/illustrations.py): nothing is downloaded.
"""

import datetime
import zoneinfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from wagtail.images.models import Image
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from core import site_url
from core.models import OrganisationSettings
from events.models import EventIndexPage, EventPage
from home.demo import illustrations
from home.demo.content import PRESS_ANGLES, RUNNER_WORDS, TRIBUTE_WORDS
from home.demo.standard_pages import ABOUT_NEC, CONTACT_INTRODUCTION, PRIVACY_POLICY
from home.models import ContactPage, HomePage, HomePageFeature, StandardPage
from stories.models import (
    MileDedication,
    PressCoveragePage,
    PressIndexPage,
    RunnerStoryPage,
    StoryIndexPage,
    TributeIndexPage,
    TributePage,
    TributePhoto,
)

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")

RUNNERS = [
    ("Maya Okafor", "NICU nurse", 150_000),
    ("Daniel Reyes", "dad of a NEC survivor", 262_000),
    ("Priya Natarajan", "neonatologist", 100_000),
    ("Tom Whitfield", "first-time marathoner", 50_000),
    ("Grace Lindqvist", "mom of twins born at 28 weeks", 200_000),
    ("Samuel Adeyemi", "NEC researcher", 120_000),
    ("Hannah Brooks", "milk bank volunteer", 80_000),
    ("Luis Moreno", "uncle of baby Mateo", 100_000),
]

BABIES = [
    "Aria",
    "Benjamin",
    "Clara",
    "Dominic",
    "Elena",
    "Felix",
    "Georgia",
    "Henry",
    "Isla",
    "Jonah",
    "Keira",
    "Leo",
    "Mila",
    "Nathaniel",
    "Olive",
    "Parker",
    "Quinn",
    "Rosie",
    "Silas",
    "Talia",
    "Uriel",
    "Violet",
    "Wesley",
    "Ximena",
    "Yusuf",
    "Zara",
]
FAMILY_NAMES = [
    "Hollis",
    "Marsh",
    "Quintero",
    "Abernathy",
    "Castellano",
    "Dunmore",
    "Ellery",
    "Fairbanks",
    "Galloway",
    "Hartigan",
    "Iverson",
    "Jessup",
    "Kaminski",
    "Lockhart",
    "Merriweather",
    "Northcott",
    "Oyelaran",
    "Pemberton",
    "Quarles",
    "Rainsford",
    "Stallworth",
    "Thibodeaux",
    "Underhill",
    "Vasquez-Leigh",
    "Wexley",
    "Yarborough",
]

PRESS = [
    ("The Sacramento Courier", "CIM runner raising awareness of disease affecting preemies", "article", (2018, 11, 28)),
    ("KXRB News 10", "26.2 miles for the babies", "tv", (2018, 12, 1)),
    ("Davis Valley Ledger", "Davis nonprofit's marathon team runs for babies born too soon", "article", (2018, 11, 20)),
    ("Capital Public Radio Hour", "A mother's fight against necrotizing enterocolitis", "radio", (2018, 11, 30)),
    ("The Preemie Parent Podcast", "Bracelets, miles and the babies we remember", "podcast", (2018, 12, 10)),
    ("Northern California Health Weekly", "Runners wear the names of 26 babies on race day", "article", (2018, 12, 3)),
    ("KXRB News 10", "Marathon team returns for the NEC Society", "tv", (2017, 12, 2)),
]

STANDARD_PAGES = [
    (
        "About NEC",
        "about-nec",
        "What necrotizing enterocolitis is, who it affects and how the NEC Society fights it.",
        ABOUT_NEC,
    ),
    (
        "Privacy policy",
        "privacy",
        "How we look after what families, donors, runners and readers share with us.",
        PRIVACY_POLICY,
    ),
]
CONTACT = ("Contact us", "contact", "How to reach the NEC Society team.")


def paragraph(text):
    return ("paragraph", RichText(f"<p>{text}</p>"))


def paragraph_html(html):
    return ("paragraph", RichText(html))


def demo_image(title, kind, seed, size, **options):
    """The image of that title, or a new illustration of `kind` (see home/demo/illustrations.py) drawn for
    `seed`; its description says what the picture shows."""
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    drawn = illustrations.illustrate(kind, seed, size, **options)
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())
    image = Image(title=title, description=drawn.description, file=ContentFile(drawn.content, name=f"demo-{slug}.jpg"))
    image.save()
    return image


def load_demo_campaign():
    """Add what is missing of the demo campaign, in one transaction; the number of pages created."""
    with transaction.atomic():
        return DemoCampaign().build()


class DemoCampaign:
    """The campaign's pages, each added under its parent and published unless it is there already."""

    def __init__(self):
        self.created = 0

    # -- helpers -------------------------------------------------------------

    def child(self, parent, model, slug, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing, False
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1
        return page, True

    # -- the campaign --------------------------------------------------------

    def build(self):
        home = self.home_page()
        self.settings()

        events, _ = self.child(
            home,
            EventIndexPage,
            "events",
            title="Events",
            show_in_menus=True,
            introduction="Run, walk and cheer with the NEC Society.",
            summary="Marathons and gatherings where our community runs for babies affected by NEC.",
        )
        stories, _ = self.child(
            home,
            StoryIndexPage,
            "stories",
            title="Runner stories",
            show_in_menus=True,
            introduction="Why our runners run: in their own words.",
            summary="Stories from the runners who carry babies' names on race day.",
        )
        tributes_index, _ = self.child(
            home,
            TributeIndexPage,
            "tributes",
            title="Family tributes",
            show_in_menus=True,
            introduction="Babies affected by NEC, remembered and celebrated by their families.",
            summary="Tributes shared by families of babies affected by NEC.",
        )
        press_index, _ = self.child(
            home,
            PressIndexPage,
            "in-the-news",
            title="In the news",
            show_in_menus=True,
            introduction="Coverage of our campaigns in newspapers, on TV, radio and podcasts.",
            summary="Press coverage of the NEC Society's campaigns.",
        )
        self.standard_pages(home, events, tributes_index)

        tributes = self.tribute_pages(tributes_index)
        cim, _ = self.child(
            events,
            EventPage,
            "cim-2018",
            title="California International Marathon 2018",
            start=datetime.datetime(2018, 12, 2, 7, 0, tzinfo=PACIFIC),
            end=datetime.datetime(2018, 12, 2, 13, 0, tzinfo=PACIFIC),
            time_zone="America/Los_Angeles",
            venue="Folsom Dam to the California State Capitol",
            address="Folsom Blvd",
            locality="Folsom",
            region="CA",
            postal_code="95630",
            hero_image=demo_image("CIM 2018 course", "course", 0, (1600, 700)),
            summary="26.2 miles, 26 babies: our team ran CIM with a baby's name on every mile.",
            goal_cents=2_620_000,
            registration_url="https://www.runsra.org/california-international-marathon",
            body=[
                paragraph(
                    "The NEC Society team runs the California International Marathon in honour of babies "
                    "affected by necrotizing enterocolitis. Each mile is dedicated to a baby; on race day "
                    "our runners wear bracelets carrying their names."
                ),
                (
                    "quote",
                    {"quote": "Every mile, we carry a name, and a family carries us.", "attribution": "Team captain"},
                ),
            ],
        )
        runners = self.runner_pages(cim)
        self.dedicate_miles(cim, tributes, runners)
        self.upcoming_event(events, tributes, home)
        self.press_pages(press_index)
        self.features(home, cim, runners, tributes)
        return self.created

    def home_page(self):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            site = Site.objects.filter(is_default_site=True).first()
            # Wagtail's "Welcome to your new Wagtail site!" placeholder holds the slug "home".
            for placeholder in root.get_children().filter(slug="home"):
                if placeholder.specific_class is Page:
                    placeholder.delete()
            home = HomePage(
                title="NEC Society",
                slug="home",
                hero_heading="Together we can build a world without NEC",
                hero_text="Necrotizing enterocolitis (NEC) is a devastating intestinal disease of premature babies. "
                "Run, give and remember with us.",
                hero_cta_label="Meet the marathon team",
                hero_image=demo_image("Runners at sunrise", "course", 1, (1600, 700), runners=3),
                summary="The NEC Society builds a world without necrotizing enterocolitis (NEC).",
                introduction=(
                    "<p>NEC affects vulnerable infants during their first weeks and months of life. The NEC "
                    "Society brings together families, clinicians and scientists committed to building a "
                    "world without NEC.</p>"
                ),
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self.created += 1
            site = Site.objects.filter(pk=site.pk).first() if site else None
            if site:
                site.root_page = home
                site.site_name = "NEC Society"
                site.save()
            else:
                hostname, port = site_url.host_and_port()
                Site.objects.create(
                    hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="NEC Society"
                )
        return home

    def settings(self):
        org = OrganisationSettings.load()
        if not org.postal_address:
            org.postal_address = "PO Box 1234\nDavis, CA 95617"
            org.facebook_url = "https://www.facebook.com/NECsociety"
            org.x_url = "https://x.com/NECsociety"
            org.save()

    def standard_pages(self, home, events, tributes_index):
        """About NEC, the privacy policy (chosen in Settings → Organisation, so every form links to it) and
        the contact page. A demo loaded before they had words holds stubs that repeat their summary: those
        are given their words (and the stub contact page becomes a ContactPage); pages edited since are
        left alone."""
        title, slug, summary = CONTACT
        stub = StandardPage.objects.child_of(home).filter(slug=slug).first()
        if stub is not None and self.is_stub(stub):
            stub.delete()
        contact, _ = self.child(
            home,
            ContactPage,
            slug,
            title=title,
            summary=summary,
            introduction=CONTACT_INTRODUCTION,
        )
        links = {"contact": contact.pk, "events": events.pk, "tributes": tributes_index.pk}
        pages = {}
        for title, slug, summary, words in STANDARD_PAGES:
            body = [
                ("heading", {"text": text, "level": "h2"})
                if kind == "heading"
                else paragraph_html(text.format(**links))
                for kind, text in words
            ]
            page, created = self.child(
                home, StandardPage, slug, title=title, summary=summary, show_in_menus=slug == "about-nec", body=body
            )
            if not created and self.is_stub(page):
                page.body = body
                page.save_revision().publish()
            pages[slug] = page
        org = OrganisationSettings.load()
        if org.privacy_page_id is None:
            org.privacy_page = pages["privacy"]
            org.save()

    @staticmethod
    def is_stub(page):
        """A standard page as an earlier demo made it: its title as a heading, then its summary."""
        blocks = list(page.specific.body)
        return (
            len(blocks) == 2
            and blocks[0].block_type == "heading"
            and blocks[0].value["text"] == page.title
            and blocks[1].block_type == "paragraph"
            and blocks[1].value.source == f"<p>{page.specific.summary}</p>"
        )

    def tribute_pages(self, index):
        tributes = []
        for n, (baby, family) in enumerate(zip(BABIES, FAMILY_NAMES, strict=True)):
            words = TRIBUTE_WORDS[baby]
            # The photo goes in with the page, so that each tribute is published once. Its alt text says what
            # the illustration shows, as a family's own words would for a photo.
            picture = demo_image(f"{baby} {family}", "tribute", n, (800, 800))
            photo = TributePhoto(image=picture, alt_text=picture.description)
            page, _ = self.child(
                index,
                TributePage,
                f"{baby.lower()}-{family.lower()}",
                title=f"{baby} {family}",
                baby_name=f"{baby} {family}",
                summary=words["summary"],
                # Some babies came home from the NICU: their families honour them rather than remember them.
                remembrance=TributePage.Remembrance.HONOUR if words["came_home"] else TributePage.Remembrance.MEMORY,
                # Most families chose to list their tribute; a few chose a private link only.
                is_listed=words["listed"],
                show_amount_raised=n % 2 == 0,
                family_message=words["message"],
                story=[paragraph(text) for text in words["story"]],
                photos=[photo],
            )
            tributes.append(page)
        return tributes

    def runner_pages(self, event):
        runners = []
        for n, (name, _role, goal) in enumerate(RUNNERS):
            words = RUNNER_WORDS[name]
            page, _ = self.child(
                event,
                RunnerStoryPage,
                name.lower().replace(" ", "-"),
                title=f"{name}: why I run",
                runner_name=name,
                goal_cents=goal,
                # The marker shows the first mile this runner carries (see dedicate_miles).
                photo=demo_image(f"Runner {name}", "runner", n, (800, 800), mile=n + 1),
                summary=words["summary"],
                story=[paragraph(text) for text in words["story"]],
            )
            runners.append(page)
        return runners

    def dedicate_miles(self, event, tributes, runners):
        if event.miles.exists():
            return
        for mile, tribute in enumerate(tributes, start=1):
            MileDedication.objects.create(
                event=event, mile=mile, tribute=tribute, runner=runners[(mile - 1) % len(runners)], sort_order=mile
            )
        event.save_revision().publish()

    def upcoming_event(self, events, tributes, home):
        # The next CIM: the first Sunday of December from the day the demo is loaded.
        today = datetime.date.today()
        year = today.year if today < datetime.date(today.year, 12, 1) else today.year + 1
        first = datetime.date(year, 12, 1)
        race_day = first + datetime.timedelta(days=(6 - first.weekday()) % 7)
        self.child(
            events,
            EventPage,
            "cim-next",
            title=f"California International Marathon {year}",
            start=datetime.datetime.combine(race_day, datetime.time(7, 0), tzinfo=PACIFIC),
            end=datetime.datetime.combine(race_day, datetime.time(13, 0), tzinfo=PACIFIC),
            venue="Folsom Dam to the California State Capitol",
            address="Folsom Blvd",
            locality="Folsom",
            region="CA",
            postal_code="95630",
            hero_image=demo_image("CIM course", "course", 2, (1600, 700)),
            summary="Join the NEC Society team for this year's California International Marathon.",
            goal_cents=3_000_000,
            registration_url="https://www.runsra.org/california-international-marathon",
            body=[paragraph("Run a mile for a baby, or cheer our team on from the course.")],
        )

    def press_pages(self, index):
        for n, (outlet, headline, kind, ymd) in enumerate(PRESS):
            slug = slugify(headline)[:50].strip("-")
            self.child(
                index,
                PressCoveragePage,
                slug,
                title=headline,
                outlet=outlet,
                headline=headline,
                kind=kind,
                published=datetime.date(*ymd),
                external_url=f"https://news.example.org/{ymd[0]}/{slug}",
                summary=PRESS_ANGLES[headline],
                image=demo_image(f"{outlet}: {headline}", "press", n, (1200, 630), coverage=kind),
            )

    def features(self, home, event, runners, tributes):
        if home.featured_pages.exists():
            return
        for order, page in enumerate([event, runners[0], tributes[0]]):
            HomePageFeature.objects.create(home_page=home, page=page, sort_order=order)
        home.hero_cta_page = event
        home.save_revision().publish()
