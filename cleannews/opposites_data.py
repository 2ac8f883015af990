"""Word lists the near-copy guards of matching.py read: plain data, no logic.

Why apart: the lists grow with every false match found on real text, and a
reviewer of a new word should not have to read the matching code around it.
"""

from __future__ import annotations

#: Words that negate a statement: a copy that adds or drops one says the opposite.
NEGATIONS = frozenset("not no never nobody nothing none nowhere neither nor cannot without hardly".split())
#: Prefixes that make a word its opposite: "likely" / "unlikely".
NEGATING_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "non-")
#: Prefixes that turn one stem into its opposite: "upgrade" / "downgrade",
#: "overpaid" / "underpaid", "pre-war" / "post-war", "inbound" / "outbound".
OPPOSING_PREFIXES = (("up", "down"), ("over", "under"), ("pre", "post"), ("in", "out"))

# Groups of words that stand for different statements: replacing a word by one
# from another pole of its group ("rose" / "fell", "his" / "her", "will" /
# "may") makes a different paragraph, not an edited copy. Words of the same
# pole are synonyms an editor swaps ("rose" / "increased"), and a word outside
# every group ("said" / "says", "plans" / "proposals") is an ordinary edit.
OPPOSITE_GROUPS = (
    "rise rises rising rose risen increase increases increased increasing up grow grows grew grown"
    " growing gain gains gained climb climbs climbed surge surged jump jumped high higher highest"
    "|fall falls falling fell fallen decrease decreases decreased decreasing down shrink shrinks"
    " shrank shrunk loss losses drop drops dropped plunge plunged slump slumped low lower lowest",
    "more most|less least fewer",
    "win wins won winning beat beats|lose loses lost losing",
    "good better best|bad worse worst",
    "strong stronger strongest strengthen strengthened|weak weaker weakest weaken weakened",
    "positive|negative",
    "success successful succeed succeeded|failure failed fail fails",
    "approve approved approves accept accepted accepts allow allowed allows support supported"
    " supports agree agreed agrees for pro confirm confirmed confirms admit admitted"
    "|reject rejected rejects refuse refused refuses ban banned bans oppose opposed opposes"
    " disagree disagreed against anti deny denies denied",
    "guilty|innocent",
    "all every|some|none|few",
    "many|few",
    "before|after",
    "early earlier|late later",
    "today|tomorrow|yesterday|tonight",
    "past|future",
    "new|old",
    "former|current",
    "open opened|close closed shut",
    "buy buys bought|sell sells sold",
    "import imports|export exports",
    "above|below",
    "inside|outside",
    "left|right",
    "north|south",
    "east|west",
    "true|false",
    "he him his himself|she her hers herself",
    "men man male boy boys|women woman female girl girls",
    "home|away",
    "public|private",
    "largest biggest|smallest",
    "maximum|minimum",
    "top|bottom",
    "day days|week weeks|month months|year years|decade decades|hour hours|minute minutes",
    "the|this|next|last|previous|coming|following",
    "will|would|may|might|must|can|could|should|shall",
    "always|sometimes|often|rarely|seldom",
    # Outcomes and roles a news report turns on.
    "kill kills killed killing|injure injures injured injuring wound wounded hurt|unharmed unhurt",
    "dead die died dies dying|alive survive survived survives",
    "arrest arrests arrested|release releases released free freed|charge charges charged",
    "convict convicts convicted|acquit acquits acquitted clear cleared",
    "hire hires hired appoint appointed|fire fires fired sack sacked dismiss dismissed",
    "include includes included|exclude excludes excluded",
    "start starts started begin begins began begun|end ends ended finish finished stop stopped",
    "elect elected|defeat defeated",
    "resign resigned quit quits|stay stayed remain remained",
    "profit profits|loss losses",
    "raise raises raised|cut cuts",
    "gold|silver|bronze",
    "suspect suspects|witness witnesses|victim victims",
    "shot|stabbed|beaten",
    "sober|drunk",
    "married|divorced|single",
    "wife wives|husband husbands",
    "father fathers|mother mothers",
    "son sons|daughter daughters",
    "brother brothers|sister sisters",
    "military|civilian civilians",
    "ally allies allied friend friends|enemy enemies foe foes",
    "arrive arrives arrived arriving arrival|depart departs departed departing departure",
    "domestic|foreign|international",
    "majority|minority",
    "morning|afternoon|evening|night",
    "spring|summer|autumn|winter",
    "dollar dollars|euro euros|pound pounds|yen|yuan|rupee rupees",
)
