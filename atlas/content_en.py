# ruff: noqa: E501 - long sentences
"""The English versions of the standard pages (``atlas.content`` has the Dutch): what
``atlas.demo.seed_english_pages`` writes into their Wagtail translations. Editors change them in
/beheer/ afterwards; these are only the first versions. The facts of the accessibility statement
(status, organisation, date, contact) come from the settings and are translated by the catalogue."""

from atlas.content import _h, _p, _ul

ACCESSIBILITY = {
    "slug": "toegankelijkheid",
    "title": "Accessibility statement",
    "intro": "We want everyone to be able to use the Care and welfare travel guide: with a screen reader, "
    "with a keyboard only, on a small screen or with enlarged text.",
    "body": [
        _p(
            "Government websites must meet the European standard EN 301 549, which contains the guidelines "
            "of WCAG 2.1 at level A and AA. In this statement you read how far we are, what we have done and "
            "what is not in order yet."
        ),
        _h("Which website this statement is about"),
        _p(
            "This statement applies to the Care and welfare travel guide: the public pages, the pages of "
            "your account and the forms for members of organisations. It does not apply to the management "
            "environment for editors and civil servants (/beheer/)."
        ),
        _h("How far we are"),
        _p(
            "No independent accessibility study of the whole website has been done yet. That is why the "
            "status above is the one that goes with it. Below you read what we already do and what is not "
            "in order yet."
        ),
        _h("What we have done"),
        _ul(
            "We build every page with the components of NL Design System, the shared design system of the "
            "Dutch government, in the house style of Rotterdam.",
            "For every new version, automated tests open every public page in a real browser, on a wide "
            "screen and on a phone screen of 360 pixels, and check it with axe-core against WCAG 2.1 level "
            "A and AA. A version with a violation does not go live.",
            "You can use every page with a keyboard only. The first link on every page takes you straight "
            "to the content, and the keyboard focus is always clearly visible.",
            "Text and buttons have enough colour contrast, the pages work when you enlarge the text, and on "
            "a small screen you never have to scroll sideways.",
            "Every form field has a label. If you fill in something wrong, a clear message appears next to "
            "the field and what you typed is kept.",
            "The website is in Dutch and in English; the English pages have their own address, starting "
            "with /en/. Content that has no English version yet is shown in Dutch and marked as Dutch.",
        ),
        _h("What is not in order yet"),
        {
            "type": "paragraph",
            "value": "<ul><li>No independent study has been done yet. So there may be problems that automated "
            "tests do not find, such as unclear texts or a confusing order of the content.</li>"
            "<li>Organisations write their own descriptions and put their own logos and documents on the "
            "website, mostly in Dutch. We cannot check beforehand whether all that content is clear and "
            "accessible, for instance whether a PDF can be read aloud.</li><li>The management environment "
            "(/beheer/) is a standard product that we have not tested ourselves yet.</li></ul>"
            "<p>We will have an independent study done and put its results and our improvement plan on "
            "this page.</p>",
        },
        _h("Does something not work? Let us know"),
        _p(
            "Can you not use a page or a part of it, or do you need information in another form? Let us know "
            "through the contact at the top of this page. Tell us which page it is about and what goes "
            "wrong. There you also find within how many working days you get an answer.",
            "Are you not satisfied with the answer? Then you can file a complaint with the ombudsman of your "
            "municipality or with the National Ombudsman.",
        ),
        _h("About this statement"),
        _ul(
            "<b>Method</b>: Our own automated tests with axe-core on every public page (WCAG 2.1 level A and "
            "AA)",
            "<b>Next check</b>: After the independent study, and at least once a year",
        ),
    ],
}

PRIVACY = {
    "slug": "privacy",
    "title": "Privacy statement",
    "intro": "On the Care and welfare travel guide we keep as little about you as possible. On this page you "
    "read exactly what we keep, why, who can see it, how long we keep it and what your rights are.",
    "body": [
        _h("Who is responsible"),
        _p(
            "The organisation that runs this platform is responsible for your personal data (the controller "
            "under the General Data Protection Regulation, the GDPR). In Rotterdam that is the municipality "
            "of Rotterdam. The data protection officer of that organisation oversees how we handle your data."
        ),
        _h("Without an account"),
        _p(
            "You can read everything that is public without an account. We then keep nothing about you, "
            "except the cookies below that make the website work."
        ),
        _h("What we keep when you have an account, and why"),
        {
            "type": "paragraph",
            "value": "<ul><li><b>E-mail address</b>: To sign in, to check that the address is yours and to "
            "send you notifications. Not public.</li><li><b>Name</b>: So that fellow members and "
            "administrators of your organisations know who you are.</li><li><b>Password</b>: Only stored "
            "encrypted (as a hash): nobody can read it, not even the administrators.</li><li><b>Two-step "
            "verification</b>: If you turn it on (it is required for the management environment): the "
            "secret key of your authenticator app and your recovery codes.</li><li><b>Notification "
            "preference</b>: Whether you want an e-mail per notification, one overview a day or no e-mail. "
            "We keep your notifications on the website so that you can read them again.</li>"
            "<li><b>Memberships</b>: Which organisations you belong to and whether you are a member or an "
            "administrator. That decides what you may change. Administrators of the organisation can see "
            "this.</li><li><b>Requests to become a member</b>: Your request, the message you wrote with it "
            "and the decision, so that the administrators of the organisation can decide on it.</li>"
            "<li><b>Details as a contact person</b>: Only if you are a contact person: your name, position, "
            "what people can approach you for, themes, areas, and the e-mail address, phone number and "
            "availability you fill in. These are public on purpose: that is what a contact person is "
            "for.</li><li><b>Log of changes</b>: Which account made which important change and when, for "
            "instance approving a member. This way changes can be traced and we counter abuse. Only the "
            "administrators of the platform can see this.</li></ul><p>To prevent anyone from guessing "
            "passwords, we count the sign-in attempts per IP address for a few minutes. We do not keep those "
            "counts any longer.</p><p>We process this data because you created an account to take part in "
            "the platform (article 6(1)(b) GDPR) and because supporting cooperation in care and welfare is "
            "a public task of the municipality (article 6(1)(e) GDPR).</p>",
        },
        _h("Cookies"),
        {
            "type": "paragraph",
            "value": "<p>We only use cookies that are needed to make the website work. We use no tracking "
            "cookies, no statistics, no advertisements and no social media buttons, and we load no fonts or "
            "scripts from other websites. That is why we do not ask for your consent.</p><ul>"
            "<li><b>sessionid</b>: Keeps you signed in. Disappears when you sign out, and after two weeks at "
            "the latest.</li><li><b>csrftoken</b>: Protects forms against abuse from other websites. Kept "
            "for a year.</li></ul><p>Your choice of language needs no cookie: the English pages have their "
            "own address, starting with /en/.</p>",
        },
        _h("Who can see your data"),
        _p(
            "Profiles of organisations and contact persons are public. You only see the e-mail address and "
            "phone number of an organisation if the organisation chose to show them. Your e-mail address and "
            "memberships are not public. Administrators of the platform can see all data when their work "
            "needs it. We do not sell your data and give it to nobody else. E-mails go through a mail "
            "service that works on our behalf, with a data processing agreement."
        ),
        _h("How long we keep your data"),
        {
            "type": "paragraph",
            "value": "<p>We keep your account data as long as you have an account. If you delete your "
            "account, we erase your name, e-mail address, password, memberships, requests and "
            "notifications. The change itself stays in the log, but no longer linked to your name. A "
            "contact person belongs to an organisation: it stays until that organisation changes or removes "
            "it. If you want it removed, ask the administrators of the organisation or us.</p><p>In "
            "addition, every night we automatically clear:</p><ul><li><b>Notifications</b>: a read "
            "notification after 90 days, any other notification after a year. Which daily overviews we "
            "mailed you, we also keep for a year.</li><li><b>Log of changes</b>: after two years.</li>"
            "<li><b>Sessions</b>: as soon as they have expired, at the latest two weeks after you signed "
            "in.</li></ul>",
        },
        _h("Your rights"),
        {
            "type": "paragraph",
            "value": "<ul><li><strong>See your data:</strong> choose ‘Download my data’ on your "
            '<a href="/en/accounts/profiel/">profile page</a>. You then get everything we keep about you in '
            "one file.</li><li><strong>Correct your data:</strong> change your name, e-mail address and "
            "notification preference on your profile page.</li><li><strong>Have your data "
            "deleted:</strong> choose ‘Delete my account’ on your profile page.</li><li><strong>Object or "
            "ask something else:</strong> contact the organisation that runs this platform, through one of "
            'the <a href="/en/aanspreekpunten/">contact persons</a>. We answer within a month.</li>'
            "<li><strong>File a complaint:</strong> do you think we do not handle your data well? Then you "
            "can file a complaint with the Dutch Data Protection Authority (Autoriteit "
            "Persoonsgegevens).</li></ul>",
        },
        _h("How we protect your data"),
        _p(
            "The website only works over a secure connection. We store passwords as a hash. Accounts with "
            "access to the management environment must use two-step verification. Members can only change "
            "the organisations they belong to."
        ),
        _h("Changes"),
        _p(
            "If the platform is going to keep something new, we first change this statement. This version is "
            "of 30 November 2026."
        ),
    ],
}

HOW_THE_MUNICIPALITY_WORKS = {
    "slug": "hoe-werkt-de-gemeente",
    "title": "How does the municipality work?",
    "intro": "‘The municipality’ does not exist: it is a collection of people, each with their own task, "
    "budget and rules. Here you read who does what, how subsidies and procurement work and whom to "
    "approach with your initiative.",
    "body": [
        _p(
            "Ask initiators whom at the municipality they contact, and the answer is often: “Well, the "
            "municipality.” But without a clear picture of whom you want to reach and why, it is hard to get "
            "to the right person and make concrete agreements. This page helps you on your way. It cuts both "
            "ways: the municipality must also make sure you know where to knock."
        ),
        _h("Whom do I need?"),
        _p(
            'Start with the <a href="/en/aanspreekpunten/">contact persons</a>: per theme and per area they '
            "show whom you can approach, for what, and how to reach that person. Looking for a partner "
            'outside the municipality? Look at the <a href="/en/partijen/">parties</a>: initiatives, care and '
            "welfare providers, housing associations, funds and networks such as Zorgzaam010 and Gezond010."
        ),
        _ul(
            "Is your question about your neighbourhood? Start with the area organisation "
            "(gebiedsorganisatie): the neighbourhood director or the area networker of your area.",
            "Is your question about policy or money for a theme in the whole city, such as informal care or "
            "loneliness? Then you go to a cluster, usually Maatschappelijke Ontwikkeling (social "
            "development).",
            "Is it about public space, such as greenery, a playground or a community garden? Then the "
            "cluster Stadsbeheer (city management) is your partner.",
            "Looking for space, or want to combine housing and care? Then you come to the cluster "
            "Stadsontwikkeling (urban development).",
        ),
        _h("The area organisation: the municipality in the neighbourhood"),
        _p(
            "Rotterdam has fourteen areas. In each area the area organisation works with neighbourhood "
            "directors, area networkers and neighbourhood managers. They know the neighbourhoods and the "
            "people who are active there, have broad experience with initiatives and connect you with the "
            "clusters. Their own money is limited: mostly one-off, small subsidies, such as for a residents' "
            "initiative."
        ),
        _h("The clusters: policy and procurement for the whole city"),
        _p(
            "The clusters steer citywide. They make policy and buy care and welfare, and manage the budgets "
            "for it. Each cluster has its own domain, frameworks and procedures. If your initiative crosses "
            "domains, as it often does, you deal with more than one cluster. Then ask one contact person to "
            "bring in the others."
        ),
        _h("Neighbourhood teams and networks"),
        _p(
            "In the neighbourhood, professionals of the municipality and of care and welfare providers work "
            "together to support residents, for instance in a neighbourhood team (wijkteam). They can refer "
            "residents to your initiative and the other way round. Make that contact early: referrers must "
            "know what you do and for whom, or the residents you are looking for will not find you."
        ),
        _h("How do subsidies work?"),
        _p(
            "For enterprising Rotterdammers there are subsidy schemes such as Bewonersinitiatief, Citylab010, "
            'Couleur Locale and the Right to Challenge. Under <a href="/en/instrumenten/">instruments</a> '
            "you find per scheme what it offers: money, knowledge, space or a procedure.",
            "A subsidy starts with an application, followed by an assessment, a decision and afterwards an "
            "account of how it was spent. Note: contact that only runs through a subsidy application makes "
            "you depend on one decision and rarely leads to real cooperation. Initiatives look for more than "
            "money: knowledge, a network, space or recognition.",
        ),
        _h("Tendering and procurement"),
        _p(
            "Care and welfare that the municipality needs for the whole city is bought through tenders. They "
            "are often large and heavy, and fit small initiatives badly. There are forms in between: small "
            "lots in a tender, subcontracting to a larger provider, or a small-scale assignment."
        ),
        _h("Together in a deal"),
        _p(
            "Do you want to achieve something together with the municipality and other parties? Then close a "
            '<a href="/en/deals/">care and welfare deal</a>: parties agree on a shared goal and each brings in '
            "what they can, such as knowledge, a network, space, room to deviate from rules (regelruimte) or "
            "money. The municipality does not always have to be the one who pays."
        ),
    ],
}

STANDARD_PAGES = [HOW_THE_MUNICIPALITY_WORKS, ACCESSIBILITY, PRIVACY]
