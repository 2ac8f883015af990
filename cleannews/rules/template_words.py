"""The closed sets of words page templates use around headlines and captions.

Plain data, read by rules/templates.py, which builds its patterns from it:
adding a news agency or a caption label is one entry here. Words are matched
case-insensitively except the agencies' acronyms (capitals are what make
"AP" an agency and "ap" a word).
"""

from __future__ import annotations

# Words that make a suffix a publisher's name rather than part of a headline:
# "| BBC News" and "- The Daily Post" are template; "- What We Know" and
# "(Scotland)" are content.
PUBLISHER_WORDS = (
    "News", "Times", "Post", "Daily", "Herald", "Guardian", "Telegraph", "Journal", "Tribune",
    "Gazette", "Online", "Press", "Media", "Network", "TV", "Radio", "Magazine", "Weekly",
    "Express", "Mail", "Mirror", "Independent", "Observer", "Standard", "Chronicle", "Reuters",
    "Bloomberg", "Associated", "Agency", "Wire", "Images", "Getty", "Photo", "Photos", "Picture",
    "Pictures", "Pool", "Handout", "Shutterstock", "Alamy", "Xinhua",
)  # fmt: skip

# News agencies and broadcasters that credit photos and sign page titles. Other
# capitals are content: "Election results (US)", "Waiting lists, NHS".
AGENCIES = (
    "AP", "AFP", "PA", "EPA", "UPI", "DPA", "ANSA", "PTI", "IANS", "AAP", "CP", "EFE", "KCNA",
    "IRNA", "WENN", "REX", "SWNS", "BBC", "CNN", "ITV", "NPR", "ABC", "CBS", "NBC", "RTE", "CBC",
    "SABC", "DW", "RFI", "AJ", "MSNBC", "ITN", "GMTV",
)  # fmt: skip

# Domains a site's name ends with: "- example.co.uk".
DOMAINS = ("com", "co.uk", "org", "net", "news")

# Tags for the kind of page: "(video)", "- Updated", "[Live]". The second set
# may also follow a dash or bar without brackets.
PAGE_TAGS = ("video", "updated", "live", "watch", "audio", "pictures", "photos", "in pictures")
BARE_PAGE_TAGS = ("video", "updated", "live", "watch")

# How captions introduce themselves: "Image caption ...", "Photo: ...".
CAPTION_LABELS = (
    "Image caption", "Media caption", "Enlarge this image", "Photograph", "Pictured", "Picture",
    "Photo", "Image", "Caption", "Enlarge",
)  # fmt: skip

# Words that make a short line a picture's label rather than text, which a
# scraper prints once per picture: first, alone or before what the picture shows
# ("Screenshot", "Image for post"), or last after a name ("Tech Site Logo").
# Not last: "picture" ("Best Picture" is an award), "photo" ("Passport photo" is
# a document), "banner" ("The Star-Spangled Banner"); nowhere: "avatar" (a film).
IMAGE_FIRST_WORDS = (
    "image", "img", "photo", "picture", "screenshot", "thumbnail", "illustration", "foto", "bild",
    "imagen", "immagine",
)  # fmt: skip
IMAGE_LAST_WORDS = ("icon", "logo", "placeholder", "screenshot", "thumbnail")

# Photo agencies whose name alone credits a picture ("Getty", "Reuters"); an
# acronym alone ("PA", "ABC") is as often a state or a channel.
PHOTO_AGENCIES = (
    "Getty", "Getty Images", "Reuters", "REUTERS", "Shutterstock", "Alamy", "Xinhua", "AFP", "Bloomberg",
    "Associated Press", "Press Association", "Agence France-Presse", "EPA-EFE",
)  # fmt: skip

# What a teaser box counts after a headline: "1623 Comments", "73 shares".
COUNTED = (
    "comment", "comments", "replies", "responses", "share", "shares", "view", "views", "reaction",
    "reactions",
)  # fmt: skip

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
