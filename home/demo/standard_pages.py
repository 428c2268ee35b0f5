"""The words of the demo's standard pages: About NEC, the privacy policy, and the contact page's introduction.

Each body is a list of ("heading", text) and ("paragraph", html) blocks, as an editor would build it in the
StreamField; `{contact}`, `{events}` and `{tributes}` stand for those pages' ids in Wagtail's page links.
The privacy policy says what this site's forms really ask for and do (docs/tributes.md, docs/runners.md,
docs/donations.md, docs/monthly-donors.md): keep the two in step when a form changes.
"""

ABOUT_NEC = [
    ("heading", "What NEC is"),
    (
        "paragraph",
        "<p>Necrotizing enterocolitis (NEC) is a serious disease of the intestine that mostly affects babies born "
        "prematurely. Part of the bowel becomes inflamed and can be badly damaged in a matter of hours. It is one "
        "of the leading causes of death among premature babies, and many who survive live with its effects: "
        "surgery, a short bowel, long stays in hospital, and questions about feeding and growth for years.</p>",
    ),
    (
        "paragraph",
        "<p>NEC usually strikes in the first weeks of life, often just as a baby seemed to be doing well. The "
        "signs (a swollen or tender belly, feeds that are not tolerated, a baby who is suddenly tired or unwell) "
        "can be subtle at first. The smaller and earlier a baby is born, the higher the risk.</p>",
    ),
    ("heading", "What is known about preventing it"),
    (
        "paragraph",
        "<ul><li><b>Human milk.</b> A baby fed their mother's milk, or donor milk from a milk bank, is much less "
        "likely to develop NEC than a baby fed formula made from cow's milk.</li>"
        "<li><b>Care in the NICU.</b> Careful feeding plans, good hygiene and the judicious use of antibiotics "
        "all help.</li>"
        "<li><b>Research.</b> Much is still unknown: why some babies develop NEC and others do not, and how to "
        "spot it early enough to stop it.</li></ul>",
    ),
    (
        "paragraph",
        "<p>This page is general information, not medical advice. If you are worried about a baby, talk to their "
        "care team straight away.</p>",
    ),
    ("heading", "What the NEC Society does"),
    (
        "paragraph",
        "<p>The NEC Society is a 501(c)(3) nonprofit organisation that brings together families, clinicians and "
        "scientists to build a world without NEC. We fund and share research, teach parents and care teams about "
        "the risks and the signs, speak up for access to human milk in every NICU, and stand beside the families "
        "NEC has touched.</p>",
    ),
    (
        "paragraph",
        "<p>Our campaigns are how many people first meet us. Each year a team runs the California International "
        "Marathon with a baby's name on every mile, worn on their bracelets; families share their babies' stories "
        "as tributes on this site; and every gift, large or small, goes to research, education and support.</p>",
    ),
    ("heading", "Get involved"),
    (
        "paragraph",
        '<p>Read the <a linktype="page" id="{tributes}">family tributes</a>, follow the '
        '<a linktype="page" id="{events}">marathon team</a>, or <a linktype="page" id="{contact}">write to us</a>: '
        "we would be glad to hear from you.</p>",
    ),
]

PRIVACY_POLICY = [
    (
        "paragraph",
        "<p>The NEC Society is a 501(c)(3) nonprofit organisation in the United States. This policy says what "
        "each form on this site asks you for, who sees it, how long we keep it and what you can ask of us. "
        "<b>We never sell, rent or trade your details</b>, and we never give them to other organisations for "
        "their own use.</p>",
    ),
    ("heading", "When you give"),
    (
        "paragraph",
        "<p>The giving form asks for the amount, whether you give once or monthly, whether you add the "
        "processing fee, your name and email (for your receipt), and, if you wish, a name to show with your "
        "gift, a short message, whether to give anonymously and a dedication (the name of the person you give "
        "in honour or in memory of).</p>"
        "<p>With a dedication you may ask us to send an <b>e-card</b> to someone: we then ask for their name, "
        "their email address and your message to them. We use their address <b>only to send that one card</b>, "
        "once your gift goes through: it is never shown, never given to Stripe and never used to write to them "
        "again, and we delete it as soon as the card is sent (or after a week, if the gift is not made). The card "
        "gives the name shown with your gift (“Someone” if you give anonymously), the dedication and your "
        "message, never the amount.</p>"
        "<ul><li><b>Your card.</b> Card details go straight from your browser to Stripe, the payment company "
        "that processes our gifts. They never reach our servers and we never see them. Stripe receives your "
        "name, email and card to take the payment and to stop fraud, as our processor; it may set its own "
        "cookies on the pages that hold the giving form for that purpose.</li>"
        "<li><b>Who sees what.</b> Readers see only the name you chose to show (or “Anonymous”) and your "
        "message, never your email, and never the amount of an anonymous gift. A runner sees the gifts made "
        "to their page with the names shown, and may thank you through the site without seeing your email. "
        "A family who asked to hear of gifts in their baby's honour is told the name shown and your message, "
        "never the amount. Our staff who look after gifts see the whole record.</li>"
        "<li><b>How long.</b> We keep gift records, including your name and email, for seven years after "
        "the gift, as US tax law and our auditors require, and then delete them.</li></ul>",
    ),
    ("heading", "Monthly gifts"),
    (
        "paragraph",
        "<p>A monthly gift is kept at Stripe as a subscription, with your name and email. Each receipt brings a "
        "private link where you can change the amount or the card, or end the gift at any time; if you lose it, "
        "“Email me my link” sends a new one to the address that gives. We keep the gift's records while it runs "
        "and for seven years after its last payment.</p>",
    ),
    ("heading", "When you share your baby's tribute"),
    (
        "paragraph",
        "<p>The tribute form asks for your baby's name and dates, their story, photos and what the photos show, "
        "a message from the family, whether the tribute is listed on the site or reachable only by its link, "
        "and whether you would like a mile of an event dedicated to your baby. About you, it asks your name, "
        "email and relationship to the baby, whether to tell you of gifts made in your baby's honour, and your "
        "permission to publish, which we record with its date.</p>"
        "<ul><li><b>Who sees what.</b> A person on our team reads every tribute before it is published. "
        "Readers see only what is on the tribute page; your name, email and relationship are never shown. An "
        "unlisted tribute is not in our listings, our search or search engines.</li>"
        "<li><b>Photos.</b> We remove the hidden data photos carry (such as where they were taken) before we "
        "store them.</li>"
        "<li><b>How long, and taking it down.</b> A tribute stays up for as long as you wish. The private link "
        "we email you lets you ask for a change or take the tribute down at any time: withdrawing it deletes the "
        "page, its photos, its earlier versions and its guestbook messages at once. Gifts already made in your "
        "baby's honour stay in our gift records, as the law requires, but no longer point to the page.</li></ul>",
    ),
    ("heading", "The guestbook"),
    (
        "paragraph",
        "<p>A message in a tribute's guestbook asks for your name and your message. A moderator reads it first; "
        "once published, it shows with your name on the tribute, and the family receives it by email. The family "
        "can hide any message. Messages are kept for as long as the tribute is up and deleted with it.</p>",
    ),
    ("heading", "When you run with the team"),
    (
        "paragraph",
        "<p>The runners' sign-up asks for your name, email, why you run, a fundraising goal, an optional photo "
        "and your permission to publish. A person on our team reviews it; your page then shows your name, story, "
        "photo, goal and what you have raised, never your email. We email you private sign-in links to your "
        "dashboard; “Email me my sign-in link” sends a new one to an address that signed up. Your page and "
        "sign-up are kept until you ask us to remove them; the gifts made to your page stay in our gift "
        "records.</p>",
    ),
    ("heading", "When you write to us"),
    (
        "paragraph",
        "<p>The contact form asks for your name, email, what your message is about, and your message. It "
        "reaches our team as an email, through the site's queue of outgoing emails, which deletes its copy 30 "
        "days after sending; the site keeps no other record of it. We keep our correspondence for as long as "
        "we need it to help you, and no longer than two years, unless it is about a gift.</p>",
    ),
    ("heading", "Sign-in links and the “email me a link” forms"),
    (
        "paragraph",
        "<p>When you ask for a link, we use the address you type only to find your sign-up or your monthly gift "
        "and send the link to it. To stop anyone from sending floods of emails, the site remembers for one hour "
        "how many links it sent, with the address scrambled (hashed) so it cannot be read back.</p>",
    ),
    ("heading", "What every visit leaves"),
    (
        "paragraph",
        "<ul><li><b>Cookies.</b> Only those the site needs: a security cookie on pages with a form, and a session "
        "cookie while you are signed in to a runner's dashboard or use your family's private link. No advertising "
        "or tracking cookies, and no analytics.</li>"
        "<li><b>Your connection's address.</b> Our servers note the internet address of each visit for security. "
        "To stop spam, each public form counts for one hour how often it was sent from an address.</li></ul>",
    ),
    ("heading", "Who else handles your details"),
    (
        "paragraph",
        "<p>Only the companies that run the site for us, each for that purpose alone: Stripe (payments), our "
        "email service (to deliver our emails) and our hosting provider (to run the site and store its data). We "
        "disclose details to authorities only when the law requires it.</p>",
    ),
    ("heading", "What you can ask of us"),
    (
        "paragraph",
        "<p>Whether you are a donor, a family or a runner, you can ask us:</p>"
        "<ul><li><b>to see</b> what we hold about you, and receive a copy;</li>"
        "<li><b>to correct</b> anything that is wrong;</li>"
        "<li><b>to delete</b> your details, your runner page or your guestbook message;</li>"
        "<li><b>to withdraw</b> your baby's tribute (your private link does it at once, or we do it for you);</li>"
        "<li><b>to stop</b> a monthly gift (your private link does it at once) or emails about gifts.</li></ul>"
        '<p>Write to us through the <a linktype="page" id="{contact}">contact form</a> (choose “My details”), by '
        "email or by post; the addresses are on the contact page. We answer within 30 days. We may ask you to "
        "write from the address we hold, so that we know the request is yours. If we must keep something, such "
        "as a gift record that tax law requires, we will tell you what and why.</p>",
    ),
    ("heading", "Children"),
    (
        "paragraph",
        "<p>This site is for adults. Tributes about babies are shared by their parents or guardians, who confirm "
        "that they may.</p>",
    ),
    ("heading", "Changes to this policy"),
    (
        "paragraph",
        "<p>When we change what the site collects or how we use it, we update this page first.</p>",
    ),
]

CONTACT_INTRODUCTION = (
    "<p>Questions about NEC, a gift or a receipt, a family tribute, running with the team, or the press: write "
    "to us and a person on our small team will answer, usually within a few working days. To see, correct or "
    "delete your details, choose “My details” below.</p>"
)
