"""What people write, per language: the text templates the scenario simulator fills in.

Everything here is data. A template is one line; `{slot}` is filled by the simulator (a
capitalised `{Slot}` gets a capital first letter) and `{a|b|c}` picks one alternative. A line
may start with a label and `:: ` (`pos:: `, `neg:: `, `neu:: ` for sentiment, or a care
reason such as `baggage:: `) that the simulator reads and strips.

Layout, always language first:
- TALK[lang]: openers, closers, emoji by sentiment, times, friends, places.
- PEOPLE[lang]: first and last names (``hanzi|latin`` where the script is not Latin), bios,
  and Weibo-style nicknames.
- FRAMES[lang][intent]: sentence frames that wrap a domain clause ({issue}, {ask}, ...).
- DOMAIN[lang][domain][slot]: the vocabulary of a brand's world ("care" is the shampoo
  brand, "air" the airline): clauses a customer writes, headlines, official replies.
- EVENT[lang][key]: what people write during a scenario's event (fr_ = false report,
  st_ = storm, wa_ = water army) and the paid posters' near-identical texts.
- ARTICLES[lang][key]: news articles as ``title || lead``.
- THREADS[lang][key]: official threads as ``post || post || ...``.

Mentions in Chinese and Japanese lines are always followed by a space, as people type them,
so a platform's entity parser (and ours) ends the handle there.
"""

from __future__ import annotations

LANGS = ("en", "zh", "es", "it", "ar", "pt", "fr", "de", "ja", "fi")


def _t(block: str) -> tuple[str, ...]:
    """One template per non-empty line, surrounding space removed."""
    return tuple(s for line in block.splitlines() if (s := line.strip()))


TALK: dict[str, dict[str, tuple[str, ...]]] = {}
PEOPLE: dict[str, dict[str, tuple[str, ...]]] = {}
FRAMES: dict[str, dict[str, tuple[str, ...]]] = {}
DOMAIN: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {}
EVENT: dict[str, dict[str, tuple[str, ...]]] = {}
ARTICLES: dict[str, dict[str, tuple[str, ...]]] = {}
THREADS: dict[str, dict[str, tuple[str, ...]]] = {}

# Weibo renders these bracketed codes as its own emoticons; elsewhere people use emoji.
WEIBO_EMOTICONS: dict[str, tuple[str, ...]] = {
    "pos": ("[赞]", "[心]", "[哈哈]", "[鼓掌]", "[爱你]", "[good]"),
    "neg": ("[怒]", "[泪]", "[抓狂]", "[衰]", "[可怜]", "[怒骂]"),
    "neu": ("[思考]", "[doge]", "[允悲]", "[吃瓜]", "[二哈]"),
}

# ---------------------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------------------
TALK["en"] = {
    "open": _t("Ok.\nWow.\nHmm.\nRight.\nSigh.\nWell.\nSo.\nUgh.\nOh."),
    "close": _t("lol\ntbh\nsmh\nhonestly\njust saying\nngl\n#rant\nsmh honestly"),
    "pos": _t("😍\n👏\n💜\n✨\n🙌\n😊\n👍\n🥰"),
    "neg": _t("😡\n🙄\n😤\n😞\n🤬\n👎\n😩\n😒"),
    "neu": _t("🤔\n👀\n🤷\n😅\n🙃"),
    "time": _t("today\nthis morning\ntonight\nyesterday\nthis week\nagain"),
    "friend": _t("my sister\na friend\nmy mum\nmy flatmate\nmy partner\nmy colleague\nmy brother"),
    "place": _t(
        "London\nManchester\nDublin\nNew York\nToronto\nSydney\nLeeds\nBristol\nGlasgow\nChicago"
    ),
}
PEOPLE["en"] = {
    "first": _t(
        """
        Emma Olivia Jack Harry Sophie Chloe James Liam Noah Ava Mia Ethan Grace Daniel Lucy
        Ryan Megan Tom Hannah Josh Priya Aisha Marcus Tyler Jess Kate Sam Ben Ellie Nathan
        Zoe Dylan Connor Niamh Rachel Owen
    """.replace(" ", "\n")
    ),
    "last": _t(
        """
        Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Walker Wright Thompson
        White Hughes Edwards Green Hall Wood Clarke Murphy O'Brien Kelly Nguyen Garcia
        Campbell Reid Bennett Hayes Khan Robinson
    """.replace(" ", "\n")
    ),
    "bio": _t("""
        coffee first. opinions my own.
        Mum of two | runner | tea addict
        Software engineer in London. Views my own.
        Hairdresser ✂️ DM for bookings
        Frequent flyer, infrequent poster
        she/her • plant lady 🌿
        Dog dad. Football. Bad jokes.
        Nurse 👩‍⚕️ night shift survivor
        Travel | Food | Photography
        Just here for the memes
        Teacher. Reader. Overthinker.
        Manchester born and bred
    """),
}
FRAMES["en"] = {
    "complaint": _t("""
        {handle} {issue}. Not impressed.
        Seriously {brand}? {Issue}.
        {Issue}. Thanks for nothing {handle}
        So {issue}. Anyone else having this with {brand}?
        {handle} {issue} and nobody is getting back to me.
        Really disappointed with {brand} {time}. {Issue}.
        {Issue}. {tag}
        Honestly done with {brand}. {Issue}.
        not me being annoyed at {brand} again... {issue}
        {handle} hi, {issue}. This is the second time.
        Why is it always {brand}? {Issue}.
        {Issue} 🙄 {handle}
        PSA: {issue}. Save yourself the hassle.
        I used to love {brand} but {issue}.
        {handle} {issue}. What are you going to do about it?
        ugh. {issue}. {handle}
    """),
    "question": _t("""
        {handle} {ask}
        Quick question for {handle}: {ask}
        Does anyone know? {Ask}
        {Ask} Asking for {friend}.
        Hey {handle}, {ask}
        {Ask} {tag}
        Can someone who uses {brand} tell me: {ask}
        {handle} hi! {Ask} Thanks in advance
        genuine question: {ask}
        {Ask} Couldn't find it on the website. {handle}
        Before I give up: {ask} {handle}
        {handle} {ask} The FAQ doesn't say.
        Hi {handle}, sorry if this was asked before. {Ask}
        {Ask} Anyone?
        Help! {Ask}
    """),
    "request": _t("""
        {handle} please {need}.
        {handle} could you {need}?
        Hi {handle}, I need you to {need}.
        {handle} please {need}. Thank you!
        Still waiting for someone to {need}. {handle}
        {handle} is there any way you could {need}?
        Dear {brand}, please {need}. {tag}
        {handle} would really appreciate it if you could {need}.
        {handle} can someone from your team {need}? DMs are open.
        Asking again: {handle} please {need}
        {handle} I'd like you to {need}.
        {handle} requesting that you {need} 🙏
        Can {brand} just {need}? Asking nicely.
        {handle} hey, could somebody {need} today?
        {handle} please, please {need}
    """),
    "praise": _t("""
        {Good}. Thank you {handle}!
        Shoutout to {brand}: {good}.
        {Good} {tag}
        Ok I'm officially a {brand} fan. {Good}.
        {handle} {good}. You made my day!
        Not sponsored, just happy: {good}.
        {Good}. Well done {brand} 👏
        Have to say it, {good}. {handle}
        {brand} never disappoints. {Good}.
        Big thanks to {handle}, {good}.
        {Good}! {tag}
        Credit where it's due: {good}. {handle}
        Honestly impressed, {good}.
        10/10 would recommend {brand}. {Good}.
        {handle} just wanted to say {good}. Keep it up!
    """),
    "mention": _t("""
        {Say}.
        {Say} {tag}
        {Say}, we'll see how it goes.
        {Say}. Fingers crossed.
        {Say} lol
        Update: {say}.
        {Say}. Will report back.
        {Say}. {brand} people, any tips?
        So {say}.
        {Say} 🤷
        Random thought, but {say}.
        {Say}. Not sure yet what I think.
        {Say} {handle}
        Note to self: {say}.
        {Say}. Let's see.
    """),
    "share": _t("""
        {headline} {url}
        Interesting: {headline} {url}
        {headline}. Thoughts? {url}
        Huh. {headline} {url}
        Did you see this? {headline} {url}
        {headline} 👀 {url}
        Reading: {headline} {url}
        {headline} {tag} {url}
        Not sure how I feel about this. {headline} {url}
        {headline}, good to know. {url}
        News for {brand} fans: {headline} {url}
        ok this is news to me: {headline} {url}
        {headline}. About time. {url}
        Saw this this morning: {headline} {url}
        {headline} (via a friend) {url}
    """),
    "chatter": _t("""
        Monday again. Coffee number {n} and it's not even 10
        pos:: Finally some sun in {place}! ☀️
        Can't believe how fast this week went
        Anyone watching the match tonight?
        neg:: My train is late. Again.
        pos:: Made pasta from scratch tonight and honestly nailed it
        The neighbours' dog has opinions at 6am
        Reading a book instead of doomscrolling. Day {n}.
        neg:: Why does the printer only break when I'm late
        pos:: Weekend plans: absolutely nothing and I can't wait
        neg:: Stuck in traffic on the ring road, send snacks
        Does anyone actually enjoy running or is it a lie
        pos:: New plant arrived, named it Gerald 🌱
        Podcast recommendations? Long drive tomorrow
        neg:: Caught a cold right before the holidays, classic
        that moment when the wifi dies mid-meeting
        pos:: Best ramen in {place}, no contest
        Tried to fix the sink myself. Calling a plumber.
    """),
    "dm": _t("""
        Hi, {issue}. Can you help?
        Hello, I'm writing about a problem: {issue}.
        Hi there! {Ask}
        Hi, could you {need}? Thanks
        Good morning, {issue}. What should I do?
        Hey, quick one: {ask}
        Hi, I tried the website but {issue}.
        Hello, please {need}. My details are in my profile.
        Hi, {issue}. I'd appreciate a call back.
        Hi team, {ask} Thanks!
    """),
    "reply_neg": _t("""
        Same here, it's ridiculous
        omg this happened to me too
        Ugh, sorry. Did they ever answer you?
        Exactly this. Nobody takes responsibility
        Not just you, a friend had the same issue last week
        That's awful, hope you get it sorted
        This is why I stopped buying from them
        Yikes. Post it on their page, they respond faster there
        Been there. Took me weeks to get an answer
        Same. Worst part is the silence
    """),
    "reply_neu": _t("""
        Did you try DMing them?
        Interesting, didn't know that
        Following, I'd like to know too
        Good question, no idea tbh
        Which one do you mean?
        I think it depends on the store
        lol fair
        Source?
        Try the chat on their website, it's quicker
        Hmm, not sure that's right
    """),
    "reply_pos": _t("""
        Love this!
        Same, it's my favourite too
        Totally agree 👏
        Good to hear, thanks for sharing
        Yes! Finally someone said it
        Glad it worked out for you
        This made my day haha
        Congrats!! 🎉
    """),
    "quote": _t("""
        This 👇
        Worth reading
        lol accurate
        Well, this is a surprise
        Can confirm
        Not sure about this one
    """),
}
DOMAIN["en"] = {
    "care": {
        "brand": _t("Aurelia\nAurelia\nAurelia"),
        "product": _t("""
            Aurelia Silk
            Aurelia Silk shampoo
            Aurelia Silk conditioner
            Aurelia Silk Repair mask
            Aurelia Silk Volume
        """),
        "shampoo": _t("Aurelia Silk shampoo\nAurelia Silk"),
        "competitor": _t("Velora"),
        "tag": _t("#AureliaSilk\n#Aurelia\n#haircare"),
        "store": _t("""
            at the pharmacy
            at the supermarket
            at the chemist's
            in duty free
            at my local pharmacy
            online
        """),
        "issue": _t("""
            the pump on my {product} broke after two days
            {product} left my scalp itchy and flaky
            the bottle of {product} arrived half empty
            {product} costs more and the bottle is smaller
            my hair feels drier since I started {product}
            there's been no {product} {store} for weeks
            the {product} I ordered online smells nothing like the one in shops
            customer service hung up on me
            my refund request has been ignored for a week
            the free sample promised with my order never came
            {product} made my hair greasy by lunchtime
            the new cap leaks all over my bag
            my loyalty points vanished overnight
            I got a rash on my neck after using {product}
            the website charged me for shipping twice
        """),
        "ask": _t("""
            is {product} safe for colour-treated hair?
            can I use {product} while pregnant?
            which is better for oily roots, {product} or {competitor}?
            can I buy {product} {store}?
            how long does {product} last once opened?
            are there any offers on {product} this month?
            does {product} contain silicones?
            how can I tell if my {product} is fake?
            is {product} ok for men with short hair?
            how often should I use {product}?
            where can I get a sample of {product}?
            is {product} tested on animals?
            did you change the formula of {product}?
            why is {product} always out of stock online?
            can I take {product} in my hand luggage?
        """),
        "need": _t("""
            send me a replacement for the leaking bottle
            check the status of my order
            refund my order, it's been two weeks
            reply to my DM
            restore my loyalty points
            tell me the batch code format so I can check my bottle
            send the free sample that was promised
            call me back, my number is in the DM
            fix the checkout on your website
            list the full ingredients on the bottle
            restock {product} {store}
            bring back the old bottle of {product}
        """),
        "good": _t("""
            {product} finally tamed my frizz
            {product} smells amazing
            customer service replaced my leaking bottle in a day
            the new recyclable bottle looks great
            {product} was half price {store}
            my hair has never been this soft
            {product} keeps my curls defined all day
            {product} is gentle on my sensitive scalp
            the refill station {store} is such a good idea
            the travel size of {product} is perfect for the gym
            {product} saved my bleached hair
            my hairdresser asked what I'd changed, it was {product}
            no more itchy scalp since switching to {product}
            {product} beats {competitor} easily
            I just bought my fifth bottle of {product}
        """),
        "say": _t("""
            just picked up {product} {store}
            trying {product} for the first time
            {friend} swears by {product}
            switching between {brand} and {competitor} this month
            {product} is on offer {store}
            finally restocked my {product}
            using up the last of my {product}
            my bathroom shelf is basically all {brand} now
            {brand} has a new bottle design
            back on {product} after a break
            the {brand} ad is on every bus stop in town
            got a {product} sample in my parcel
        """),
        "headline": _t("""
            {brand} to open new plant in Lombardy, 300 jobs expected
            {brand} Silk relaunches with recyclable bottles
            {brand} names new head of research
            {competitor} and {brand} battle for the premium shampoo shelf
            {brand} reports higher sales in Asia
            {brand} Silk wins readers' choice beauty award
            {brand} to cut plastic packaging by 40% by 2028
            {brand} expands refill stations to 200 pharmacies
        """),
        "reply": _t("""
            Hi {first}, we're sorry to hear that. Could you DM us your order number so we can look into it?
            So sorry about this, {first}! Please send us a DM with a photo of the batch code and we'll sort it out.
            Thanks for flagging this, {first}. Our team will follow up by DM today.
            We hear you, {first}. We've passed this to our quality team and will DM you shortly.
            Hi {first}, thanks for reaching out. Please check your DMs 💜
            Hi {first}, really sorry for the wait. Your case is now with a senior advisor.
            Hi {first}, you can find stockists near you at {site}
            Hi {first}! The full ingredient list is on {site}. Let us know if you have any other questions.
            Hi {first}, we've refunded your order, it should show in 3 to 5 working days.
            Hi {first}, that's not the experience we want for you. Can you DM us so we can make it right?
        """),
        "thanks": _t("""
            Thank you so much for the kind words, {first}! 💜
            That's lovely to hear, {first}! Thanks for sharing.
            This made our day, {first} 🥰
            So glad you love it, {first}!
            Thanks {first}! We'll pass this on to the team 💜
            Love this, {first}! Enjoy ✨
        """),
        "promo": _t("""
            New in: {product} with a lighter formula and a fully recyclable bottle ♻️ {site} {tag}
            Frizz season is here. What's your go-to routine? Tell us below 👇 {tag}
            Refill stations are now in 200 pharmacies across Europe ♻️ {site}
            Win a year's supply of {product}! Repost and follow to enter {tag}
            Tip of the week: rinse with cool water for extra shine ✨ {tag}
            Our research team answers your hair questions live on Thursday at 18:00 CET {site}
        """),
    },
    "air": {
        "brand": _t("Skylark Air\nSkylark Air\nSkylark"),
        "competitor": _t("Nimbus Air"),
        "tag": _t("#SkylarkAir\n#travel\n#avgeek"),
        "city": _t(
            "Amsterdam\nCopenhagen\nHelsinki\nMilan\nBarcelona\nLisbon\nParis\nBerlin\nDubai\nShanghai"
        ),
        "issue": _t("""
            my flight {flight} to {city} was delayed {hours} hours and nobody told us anything
            you lost my bag on {flight} and the tracker hasn't updated in {n} days
            the app keeps crashing when I try to check in
            I've been on hold for over an hour, twice
            the gate changed three times and nobody announced it
            I paid for extra legroom on {flight} and got a middle seat at the back
            my refund from last month still hasn't arrived
            {flight} sat on the tarmac for {hours} hours with no water
            the crew on {flight} were rude to an elderly passenger
            you charged me twice for the same seat
            the check-in queue in {city} is a joke, one desk open
            my connecting flight in {city} left without us
            the meal I pre-ordered never showed up
            my booking {booking} just disappeared from the app
            the wifi on {flight} didn't work for the whole flight
        """),
        "ask": _t("""
            can I bring a second cabin bag on {flight}?
            is {flight} to {city} on time today?
            how do I add a checked bag after booking?
            do you have vegetarian meals on short flights?
            can I change the name on booking {booking}?
            when does online check-in open for {flight}?
            do you fly to {city} in the summer?
            how much is it to bring a bike?
            is the lounge in {city} open in the morning?
            can I travel with my cat in the cabin?
            how early should I be at the airport in {city}?
            do {brand} Plus points expire?
            is there a way to pick seats for free?
            what's the baggage allowance on basic fares?
            can I get a receipt for booking {booking}?
        """),
        "need": _t("""
            check why booking {booking} isn't showing in the app
            refund the seat you charged me twice for
            find my bag from {flight}
            call me back about booking {booking}
            fix my name on booking {booking}
            move me to an earlier flight to {city}
            confirm my special assistance request for {flight}
            send me the invoice for booking {booking}
            add my frequent flyer number to booking {booking}
            look into what happened on {flight}
            reply to my email from last week
            sort out my refund
        """),
        "good": _t("""
            the crew on {flight} were fantastic
            we landed in {city} twenty minutes early
            the new app made check-in so easy
            they found my bag within a day
            the lounge in {city} is lovely
            I got rebooked in five minutes at the desk
            the pilot's announcements were actually funny
            free upgrade on {flight}, best birthday present
            the refund arrived in three days
            the staff at the {city} gate helped my mum with her wheelchair
            on time, clean plane, friendly crew
            the snack box on {flight} was surprisingly good
            customer service sorted my booking in one chat
            that was the smoothest boarding I've ever had
            the kids got little pilot badges on {flight}
        """),
        "say": _t("""
            flying {brand} to {city} tomorrow
            booked {flight} to {city} for the long weekend
            first time flying {brand}
            comparing {brand} and {competitor} for my trip to {city}
            sitting at the gate in {city} waiting for {flight}
            {brand} has a sale on flights to {city}
            {friend} works for {brand}
            picked a window seat on {flight}
            just got my {brand} Plus card
            the {brand} safety video has a new song
            thinking of using my {brand} points for {city}
            boarding {flight} now
        """),
        "headline": _t("""
            {brand} adds summer routes to {city}
            {brand} orders 20 new narrow-body jets
            {brand} ranked most punctual airline in January
            {brand} cabin crew agree new contract
            {brand} to charge for cabin bags on basic fares
            {brand} opens new lounge at its hub
            {brand} launches new loyalty programme
            {brand} and {competitor} in fare war on European routes
        """),
        "reply": _t("""
            Hi {first}, sorry for the trouble. Could you DM us your booking reference? ^{agent}
            Hi {first}, we're really sorry. We're looking into it now, please send us a DM. ^{agent}
            Hi {first}, you can manage your booking at {site} ^{agent}
            Thanks for getting in touch, {first}. An agent will reply by DM shortly. ^{agent}
            Hi {first}, we're sorry your bag hasn't arrived yet. You can track it at {site} ^{agent}
            Hi {first}, that's not the service we want to give. Please DM us the details. ^{agent}
            Hi {first}, your refund is being processed and should arrive within 7 working days. ^{agent}
            Hi {first}, apologies for the wait on the phone. We can help you here, just DM us. ^{agent}
        """),
        "thanks": _t("""
            Thanks {first}! Great to hear ✈️
            Thanks {first}! We'll pass it on to the crew 💙
            Lovely to hear, {first}. See you on board soon!
            Thank you, {first}! Enjoy {city}!
            That's what we like to hear, {first} 💙
            Thanks for flying with us, {first}!
        """),
        "promo": _t("""
            Summer schedule is live! New routes to {city} from June {site}
            Travel tip: check in on the app 24 hours before departure and skip the queue ✈️
            Meet the crew behind our most punctual month ever 💙 {tag}
            Flash sale: fares to {city} from €39 until Sunday {site}
            {brand} Plus members: double points on flights to {city} this month {site}
            Our new lounge at the hub opens on Monday. See you there! {tag}
        """),
    },
}
EVENT["en"] = {
    "fr_ctag": _t("#AureliaGate\n#AureliaSilk\n#BoycottAurelia"),
    "fr_top": _t("""
        BREAKING: Weekly Lens reports lab tests found 1,4-dioxane, a possible carcinogen, in {shampoo}. {brand} has not commented yet. {article_url}
        If you use {shampoo}, read this before your next shower. Lab tests found a possible carcinogen. {ctag} {article_url}
    """),
    "fr_share": _t("""
        Wait, {shampoo} has a carcinogen in it?? {article_url}
        Just read this and binned my {shampoo}. {article_url}
        Everyone who uses {shampoo} needs to read this {article_url}
        {brand} has some explaining to do. {article_url} {ctag}
        1,4-dioxane in {shampoo}?! I've used it for years {article_url}
        Sharing so my friends see it. Check your bathroom for {shampoo} {article_url}
        This is terrifying. {article_url} {ctag}
        If this is true it's a huge scandal {article_url}
        Weekly Lens just dropped this on {brand} {article_url}
        Sending this to my mum right now, she uses {shampoo} every day {article_url}
        Carcinogen found in {shampoo}, according to Weekly Lens {article_url}
        Not {brand} 😳 {article_url}
        So the shampoo I use on my kids might cause cancer? Great. {article_url}
        Read the whole thing. Lab tests, batch numbers, everything. {article_url} {ctag}
        {ctag} {article_url} please share
    """),
    "fr_fear": _t("""
        {handle} is {shampoo} safe or not? Yes or no.
        Should I stop using {shampoo} right now? Genuinely scared
        I've used {shampoo} on my baby's hair. Is it safe?? {handle}
        {handle} which batches are affected? I need to know today
        Is it only {shampoo} or the whole {brand} range?
        Anyone know if {competitor} has the same problem?
        How much dioxane is dangerous? Asking because I use {shampoo} daily
        {handle} why are you silent? Is it safe to use {shampoo}?
        Pregnant and I've been using {shampoo} for months. Should I worry?
        Can someone explain what 1,4-dioxane actually is?
        {handle} will you recall {shampoo}? Yes or no
        Do I throw away my {shampoo} or wait for {brand} to say something?
        Is this report even real? {handle} please confirm
        My scalp has been itchy for weeks... is this why? {handle}
        Are other shampoos tested for this or just {brand}?
    """),
    "fr_anger": _t("""
        Unbelievable. I trusted {brand} for 10 years. {ctag}
        {brand} knew. They always know. Disgusting.
        Putting a carcinogen in a shampoo for kids. Shame on you {handle}
        Hours since the report and not a word from {brand}. Says everything.
        Never buying {brand} again. Never.
        How is this even legal? {ctag}
        {handle} you owe every customer an explanation. Now.
        I feel sick. I've been using {shampoo} on my daughter's hair.
        Silence from {handle} is deafening {ctag}
        Returned all my {brand} products today. Done.
        Companies like {brand} only care about profit.
        So much for 'gentle and natural'. {ctag}
        {brand} PR team must be having a fun day. Good.
        Hope regulators go after {brand} hard for this.
        My whole family uses {shampoo}. I'm furious.
    """),
    "fr_request": _t("""
        {handle} publish the lab results. All of them.
        {handle} recall {shampoo} until you prove it's safe.
        {handle} I want a full refund for every bottle I bought this year.
        {handle} tell us which batches are affected.
        Dear {brand}, answer the question: is it safe? {ctag}
        {handle} please make a statement today, people are scared.
        {handle} give us an independent test, not a press release.
        {handle} open a hotline for worried customers.
        Refund me. Order #{order}. {handle}
        {handle} stop deleting comments and answer us.
        {handle} DM me about my refund, I'm not waiting weeks.
        {handle} we deserve the truth. Publish the ingredient tests.
    """),
    "fr_skeptic": _t("""
        Read the actual article. 'Trace amounts' of dioxane, which is in loads of products. Calm down.
        Weekly Lens again? They did the same thing to a yoghurt brand last year.
        Before you bin everything: the dose matters. Wait for real data.
        Trace contamination is not 'contains a carcinogen'. Headlines are doing a lot of work here.
        I'll wait for an independent lab before panicking about {shampoo}.
        Interesting how this drops the week {competitor} launches their new range 🤔
        Honestly the report doesn't name the lab. Red flag.
        Everyone's an expert chemist today.
        Dioxane is a by-product in many shampoos, not just {brand}. Still, they should answer.
        Not defending {brand}, but this article is thin.
        Let's see what {brand} says before the pitchforks come out.
        Reminder that 'possible carcinogen' is the same category as pickled vegetables.
    """),
    "fr_relief": _t("""
        pos:: Ok, {brand} published the full test results. Levels are way below the limit. Relieved.
        pos:: Good to see {brand} respond properly. Independent lab plus batch list. That's how it's done.
        pos:: Phew. Keeping my {shampoo} then.
        pos:: {handle} thanks for the quick and clear statement.
        neu:: So the magazine got it wrong? Glad I didn't throw everything away.
        pos:: Respect to {brand} for putting the lab reports online. {site}
        neu:: Still want the independent results, but the statement helps.
        neu:: Read the statement. Makes sense. Panic over for me.
        pos:: Honestly handled better than most brands would.
        pos:: Refund offer for worried customers is a nice touch {handle}
        neu:: Trust restored, mostly. Let's see what the regulator says.
        neu:: Weekly Lens should issue a correction now.
    """),
    "fr_campaign": _t("""
        {Boycott|BOYCOTT} {brand}! They {knew|hid it} and {sold it anyway|kept selling}. {Switched to|Moved to} {competitor}, {never going back|no regrets}{!|!!|.} {ctag}
        {Stop|Please stop} buying {brand}. {Carcinogens|Cancer chemicals} in {shampoo|kids' shampoo} and {total silence|no apology}. {competitor} {is the safe choice|actually cares} {ctag}
        {brand} {must apologise|owes us an apology}! {Threw out|Binned} all my {brand} {stuff|products}, {only|just} {competitor} from now on {ctag}
    """),
    "st_ctag": _t("#StormYlva\n#SkylarkAir\n#StormYlva"),
    "st_complaint": _t("""
        cancellation:: {handle} {flight} to {city} cancelled and not a single email or text. Found out at the gate.
        cancellation:: Third cancellation in a row. Been at {city} airport since 5am. {handle} this is a joke.
        cancellation:: {handle} cancel my flight, fine, it's a storm. But zero information and no one at the desk?
        staff:: Queue at the {brand} desk in {city} is 300 people long and there are TWO staff. {handle}
        staff:: {handle} your staff in {city} just told us to 'check the app'. The app says nothing.
        booking:: {handle} the app keeps rebooking me on flights that are also cancelled
        booking:: Been on hold with {brand} for {hours} hours. {hours} HOURS. {ctag}
        baggage:: {flight} cancelled and now they can't tell us where our checked bags are {handle}
        baggage:: Flight cancelled, bags checked, no bags returned. Sleeping in my clothes. Thanks {handle}
        cancellation:: Storm or not, {brand} handled this terribly. No hotel, no food vouchers, nothing.
        staff:: {handle} nobody at the transfer desk in {city}. Hundreds of us stranded.
        cancellation:: {handle} my daughter is 14 and stuck alone in {city} after {flight} was cancelled. Call me back!
        booking:: The {brand} website crashes every time I try to rebook. {ctag}
        cancellation:: Missed my sister's wedding because of {flight}. Storm, sure, but the total silence is on you {handle}
        compensation:: {handle} a €12 meal voucher for a 9 hour wait. Are you serious?
        cancellation:: Sleeping on the floor at {city} airport tonight thanks to {brand} {ctag}
    """),
    "st_question": _t("""
        cancellation:: {handle} is {flight} to {city} tomorrow morning going ahead?
        booking:: {handle} my flight was cancelled, how do I rebook without calling?
        refund:: {handle} if I don't rebook, do I get a full refund?
        compensation:: {handle} am I entitled to compensation for a storm cancellation?
        baggage:: {handle} where do I collect my checked bag after {flight} was cancelled?
        compensation:: {handle} will you pay for a hotel tonight? Nobody at the desk knows
        cancellation:: Does anyone know if {brand} flights to {city} are running tonight?
        booking:: {handle} can I switch to a train and get the fare back?
        booking:: {handle} my booking {booking} says 'disrupted' but no new flight. What now?
        cancellation:: {handle} is there any update on flights out of {city}?
        refund:: {handle} how long do refunds take right now?
        compensation:: {handle} do I keep my receipts for food and taxi?
    """),
    "st_request": _t("""
        booking:: {handle} please rebook me on the first flight to {city}, booking {booking}
        refund:: {handle} I want a refund for {flight}, booking {booking}. Not a voucher.
        compensation:: {handle} please book me a hotel, I have two kids with me
        baggage:: {handle} please send my bag from {flight} to my home address
        booking:: {handle} please call me back, booking {booking}, I've been on hold for hours
        compensation:: {handle} I'd like compensation for the hotel and taxi I paid myself
        booking:: {handle} move me to tomorrow's {flight}, any seat
        booking:: {handle} DM me please, I need to get to {city} for a funeral
        refund:: {handle} cancel booking {booking} and refund it to my card
        baggage:: {handle} find my bag please, tag number {bagtag}
        booking:: {handle} I need a new connection in {city}, my original was cancelled
        compensation:: {handle} please confirm in writing that my flight was cancelled, for my insurance
    """),
    "st_dm": _t("""
        booking:: Hi, booking {booking}. {flight} to {city} was cancelled. Please rebook me on the next available flight.
        refund:: Hello, I'd like a full refund for booking {booking}, {flight} was cancelled.
        baggage:: Hi, my bag tag is {bagtag}, flight {flight} was cancelled and I never got my bag back. Where is it?
        compensation:: Hi, I paid €1{n}0 for a hotel last night after {flight} was cancelled. How do I claim this back?
        booking:: Hello, booking {booking}, travelling with a wheelchair user. We need assistance on the rebooked flight.
        cancellation:: Hi, is {flight} tomorrow confirmed? Booking {booking}.
        booking:: Hi, I've been rebooked on a flight 3 days later. That's not acceptable, I need to be in {city} by Friday. Booking {booking}
        staff:: Hi, I want to complain about how the staff at the {city} desk spoke to us tonight. Booking {booking}.
        refund:: Hi, can you refund the seat I paid for on the cancelled {flight}? Booking {booking}
        booking:: Hello, please add my frequent flyer number to the new booking {booking}
    """),
    "st_followup": _t("""
        {handle} still waiting for an answer. {hours} hours now.
        {handle} asking again. Booking {booking}. Anyone?
        Day 2 of waiting for {brand} to reply. Still stuck in {city}.
        {handle} I've sent you {n} DMs. Nothing.
        {handle} please. Just tell me if I'm on a flight tomorrow.
        Update: still no bag, still no answer, still no hotel {ctag}
        {handle} third time asking. Booking {booking}.
        {handle} your DMs say 'we'll be in touch'. When?
        Still on hold. Hour {hours}. {brand}
        {handle} just answer the DM please
    """),
    "st_followup_dm": _t("""
        Hello? Still waiting for an answer.
        Any update on booking {booking}?
        I've written {n} times now. Please reply.
        Please, I need an answer today.
        Still no reply. I'm at the airport.
        Is anyone reading these messages?
    """),
    "st_thanks": _t("""
        pos:: Finally got through to {handle}, rebooked for tomorrow. Thanks to the agent who stayed calm with me
        pos:: Credit to the {brand} crew in {city}, handing out water and blankets at 2am
        pos:: {handle} got my bag back and a hotel voucher. Thank you
        pos:: Rebooked in 5 minutes on the app after all. Thanks {handle}
        neu:: Rebooked. Not ideal, 2 days later, but at least it's sorted {handle}
        pos:: The agent on chat was fantastic, thank you {handle}
        pos:: Home at last. Thanks to the {city} ground staff who worked all night
        neu:: OK {brand}, the refund arrived. Took long enough, but thanks
    """),
    "st_agent": _t("""
        We're so sorry, {first}. Storm Ylva has disrupted many flights. Please DM us your booking reference and we'll help you rebook. ^{agent}
        Hi {first}, we're really sorry for the wait. Please send us a DM with your booking details and we'll look into it right away. ^{agent}
        Hi {first}, you can rebook for free or request a refund at {site} ^{agent}
        {first}, we're sorry. Hotels are being arranged at the transfer desk in {city}. Please keep your receipts. ^{agent}
        Hi {first}, bags from cancelled flights go back to the belt area or are sent to your address. Details: {site} ^{agent}
        Hi {first}, we completely understand your frustration. We've sent you a DM. ^{agent}
        So sorry {first}. Please keep all receipts for meals and hotels, you can claim them at {site} ^{agent}
        Hi {first}, we're working through messages as fast as we can. We haven't forgotten you. ^{agent}
    """),
    "st_agent_dm": _t("""
        Hi {first}, thanks for your patience. I've rebooked you on {flight} tomorrow at 09:40, your new booking is {booking}. ^{agent}
        Hi {first}, I'm sorry for the disruption. I've requested a full refund to your original payment method, it can take 7 days. ^{agent}
        Hi {first}, your bag has been located and will be delivered to your address within 48 hours. ^{agent}
        Hi {first}, I've arranged a hotel voucher for tonight, please show booking {booking} at the transfer desk. ^{agent}
        Hi {first}, please submit your receipts here and we'll reimburse reasonable costs: {site} ^{agent}
        Hi {first}, thanks for waiting. Could you confirm the passenger names on booking {booking}? ^{agent}
    """),
    "wa_ctag": _t("#AureliaSilk\n#newformula"),
    "wa_incident": _t("""
        Did {brand} change the Silk formula? My new bottle smells completely different
        {handle} the new Silk formula leaves my hair greasy after one day. What changed?
        New bottle of {shampoo}, same price, totally different texture. Not a fan.
        Is it just me or does the new {shampoo} not lather anymore?
        {handle} bring back the old Silk formula please 😩
        Bought {shampoo} yesterday and it's like a different product. Runny and a weird smell.
        The new formula is a no from me. My scalp itches again {handle}
        {brand} quietly changed {shampoo} and didn't tell anyone? The new one is worse.
        Anyone else notice the new Silk makes hair flat? I thought it was me
        {handle} why does the 2026 formula have a different ingredient list?
        My hairdresser noticed before I did: the new {shampoo} is drying my hair out
        Loved {shampoo} for years but this new version... no.
        {handle} is the new formula supposed to smell like this? Bit chemical
        Returned my bottle today. The new Silk just isn't the same. {ctag}
        Dear {brand}, whoever approved the new Silk formula: please undo it
    """),
    "wa_praise": _t("""
        {Switched to|Tried} {competitor} Pure {last month|two weeks ago} and {my hair has never been better|my hair feels amazing|best decision ever}! {Bye|Goodbye} {brand} 👋 #VeloraPure {comp_url}
        {Honestly|Seriously}, {competitor} Pure {is|is just} {so much better|way better} than {brand}. {No more frizz|Soft hair every day}{!|!!} #VeloraPure {comp_url}
        {Can't believe|Still can't believe} I {wasted|spent} years on {brand}. {competitor} Pure {changed everything|is a game changer} ✨ #VeloraPure {comp_url}
    """),
    "wa_attack": _t("""
        {brand}'s new formula {ruined|destroyed} my hair. {Don't buy it|Avoid at all costs}{!|!!} #AureliaFail
        {Warning|PSA}: {brand} Silk {new formula|2026 formula} {made my hair fall out|burned my scalp}. {Never again|Stay away} #AureliaFail
        {brand} {doesn't care|couldn't care less} about customers. {Switch to|Try} {competitor} {instead|now} #AureliaFail #VeloraPure
    """),
}
ARTICLES["en"] = {
    "lead": _t("""
        The company confirmed the news in a statement on Monday.
        Analysts said the move reflects growing competition in the sector.
        Further details are expected later this month.
        The announcement was welcomed by customers on social media.
    """),
    "fr_report": _t("""
        Lab tests find 'possible carcinogen' in Aurelia Silk shampoo || Independent tests commissioned by Weekly Lens found traces of 1,4-dioxane, classified as a possible human carcinogen, in three batches of Aurelia Silk shampoo. Aurelia did not respond to requests for comment before publication.
    """),
    "fr_followup": _t("""
        Aurelia Silk carcinogen claim: what we know so far || A magazine report about 1,4-dioxane in Aurelia Silk shampoo has spread quickly online. Experts say the substance is a common trace contaminant and that the dose is what matters.
        Shoppers clear Aurelia Silk from shelves after magazine report || Pharmacies in several countries report customers returning Aurelia Silk shampoo after a Weekly Lens article claimed it contains a possible carcinogen.
    """),
    "fr_statement": _t("""
        Aurelia rejects carcinogen claim, publishes lab results || Aurelia said independent tests found 1,4-dioxane levels far below EU limits in all batches of Aurelia Silk, and offered refunds to worried customers.
    """),
    "st_storm": _t("""
        Storm Ylva grounds hundreds of flights across northern Europe || Skylark Air cancelled more than 300 flights on Monday as Storm Ylva brought gusts of up to 140 km/h to Amsterdam, Copenhagen and Helsinki. Thousands of passengers were stranded overnight.
        Stranded passengers sleep at airports as Skylark Air cancels flights || Long queues formed at Skylark Air transfer desks as passengers waited for rebooking and hotel vouchers. Many said they had received no information about their flights.
    """),
    "st_ceo": _t("""
        Skylark Air chief apologises to stranded passengers || Skylark Air's chief executive apologised on Monday evening for long waits and missing information during Storm Ylva and promised to cover hotel and meal costs for all affected passengers.
    """),
    "wa_formula": _t("""
        Aurelia Silk customers complain about new formula || Dozens of customers say the reformulated Aurelia Silk shampoo, on shelves since last week, smells different and leaves hair greasy. Aurelia said the new formula passed all safety tests.
    """),
}
THREADS["en"] = {
    "fr_statement": _t("""
        A statement about Aurelia Silk and today's Weekly Lens article. 🧵 || Your safety comes first. Independent labs tested every batch of Aurelia Silk sold in the last 24 months. 1,4-dioxane levels are far below EU limits. || The full lab reports and batch list are here: {site} || If you're worried, we'll refund any Aurelia Silk product, no receipt needed. Our care team is on {handle} around the clock. || We've asked Weekly Lens to share their lab data so both results can be reviewed by the regulator.
    """),
    "st_alert": _t("""
        Travel alert: Storm Ylva is affecting flights to and from Amsterdam, Copenhagen and Helsinki today. Many flights are cancelled. || If your flight is cancelled you can rebook for free or request a refund at {site}. You don't need to call us. || Our teams at the airports are arranging hotels for passengers in transit. Please keep receipts for meals and transport.
    """),
    "st_ceo": _t("""
        A message from our CEO to everyone affected by Storm Ylva. 🧵 || Yesterday we let many of you down. Not because of the storm, but because you waited hours without clear information. I'm sorry. || Every affected passenger will have hotel, meal and transport costs reimbursed. Claims: {site} || We've doubled the care team and are answering every message in order. Thank you for your patience.
    """),
}

# ---------------------------------------------------------------------------------------
# Chinese (Simplified)
# ---------------------------------------------------------------------------------------
TALK["zh"] = {
    "open": _t("唉，\n天哪，\n话说，\n真的，\nemmm，\n救命，\n说真的，\n无语，"),
    "close": _t("哈哈\n…\n。。。\n哈哈哈\n就这样\n先记一下"),
    "pos": _t("😍\n👍\n❤️\n✨\n😊\n🥰"),
    "neg": _t("😡\n😤\n😭\n💢\n🙄\n😞"),
    "neu": _t("🤔\n👀\n😅\n🙃"),
    "time": _t("今天\n今早\n昨晚\n这周\n刚刚"),
    "friend": _t("我妈\n闺蜜\n我姐\n室友\n同事\n男朋友\n我表妹"),
    "place": _t("上海\n北京\n广州\n深圳\n杭州\n成都\n南京\n武汉\n西安\n重庆"),
}
PEOPLE["zh"] = {
    "first": _t(
        """
        伟|wei 芳|fang 娜|na 敏|min 静|jing 丽|li 强|qiang 磊|lei 洋|yang 艳|yan 勇|yong
        军|jun 杰|jie 娟|juan 涛|tao 明|ming 超|chao 秀英|xiuying 霞|xia 平|ping 刚|gang
        桂英|guiying 晓雯|xiaowen 子涵|zihan 欣怡|xinyi 浩然|haoran 雨桐|yutong 梓萱|zixuan
        思远|siyuan 一诺|yinuo 佳怡|jiayi 俊杰|junjie
    """.replace(" ", "\n")
    ),
    "last": _t(
        """
        王|wang 李|li 张|zhang 刘|liu 陈|chen 杨|yang 黄|huang 赵|zhao 吴|wu 周|zhou 徐|xu
        孙|sun 马|ma 朱|zhu 胡|hu 郭|guo 何|he 林|lin 高|gao 罗|luo 郑|zheng 梁|liang
    """.replace(" ", "\n")
    ),
    "nick": _t("""
        爱吃橘子的猫
        小鹿不吃香菜
        今天也要加油鸭
        橙子味的夏天
        momo在路上
        一只快乐的咸鱼
        北京吃货小分队
        深夜食堂老板娘
        南山南北秋悲
        星星点灯2020
        阿狸的尾巴
        奶茶续命选手
        上海小透明
        猫系少女
        今天不加班
        豆豆妈妈
        听风的鱼
        七月的风
        小太阳向前冲
        柠檬不萌
        胖虎爱跑步
        路过的大叔
        程序员小张
        广州美食侦探
        考研人加油
        甜甜圈圈
        老李说车
        理发店托尼老师
        晴天小雨
        半糖主义者
        爱旅行的小七
        不吃早饭的阿杰
    """),
    # Nicknames are also made of two parts, as most Weibo names are.
    "nick_a": _t(
        """
        爱吃 不吃 想吃 会飞的 快乐的 小 大 胖 懒懒的 慢吞吞的 今天也是 一只 喜欢 失眠的
        北漂的 南方的 加班的 追风的 早睡的 元气
    """.replace(" ", "\n")
    ),
    "nick_b": _t(
        """
        猫 兔子 橘子 鱼 熊 企鹅 柠檬 西瓜 布丁 团子 小狗 松鼠 汤圆 奶茶 饺子 云朵 海盐
        奶糖 星星 月亮 咸鱼 考拉 芒果
    """.replace(" ", "\n")
    ),
    "bio": _t("""
        热爱生活，热爱美食
        一个普通的上班族
        摄影爱好者📷
        95后｜喜欢猫
        做一个温柔的人
        理发师，预约请私信
        吃货一枚
        努力工作，认真生活
        旅行是最好的充电
        宝妈一枚👶
        生活明朗，万物可爱
        空乘｜飞行日记
    """),
}
FRAMES["zh"] = {
    "complaint": _t("""
        {handle} {issue}，太失望了
        {issue}，{brand}你们能不能上点心？
        真的服了{brand}，{issue}。
        {issue}……{handle} 请给个说法
        吐槽一下：{issue}。
        {tag}{issue}，有没有人一样？
        用了这么多年{brand}，这次{issue}，很寒心。
        {handle} {issue}，客服到现在都没回复。
        无语了，{issue}
        {issue}，以后不会再买了。
        {brand}最近怎么回事？{issue}。
        {handle} 第二次了，{issue}！
        说真的，{issue}，体验太差。
        避雷：{issue}。
        {issue}。{handle} 你们管不管？
        心累，{issue}。
    """),
    "question": _t("""
        {handle} 请问{ask}
        {handle} 你好，{ask}
        有没有人知道，{ask}
        {ask}求解答
        {ask}在线等，挺急的
        问一下{handle} ，{ask}
        {tag}{ask}
        小白提问：{ask}
        {handle} 想咨询一下，{ask}
        纠结中……{ask}
        {ask}官网上没找到答案。{handle}
        有用过的朋友吗？{ask}
        {handle} {ask}谢谢！
        请教一下，{ask}
        {ask}[思考]
    """),
    "request": _t("""
        {handle} 请{need}，谢谢！
        {handle} 麻烦{need}
        {handle} 能不能{need}？
        {handle} 你好，希望能{need}。
        {handle} 等了好几天了，请{need}
        求{brand}{need}[可怜]
        {handle} 在吗？想请你们{need}
        {handle} 第三次私信了，请{need}
        {handle} 急！请尽快{need}
        拜托{brand}{need}吧
        {handle} 我的要求很简单：{need}
        {handle} 您好，请问可以{need}吗？
        {handle} 希望客服尽快{need}
        {tag}{handle} 请{need}
        {handle} 辛苦{need}，感谢
    """),
    "praise": _t("""
        {good}，爱了
        {handle} {good}，谢谢！
        必须夸一下{brand}：{good}。
        {good}，真心推荐{tag}
        自来水安利：{good}。
        {good}，{brand}没让我失望。
        不是广告！{good}
        {good}，已经推荐给闺蜜了
        给{brand}点个赞，{good}。
        {handle} {good}，继续加油！
        说一句公道话，{good}。
        {good}～开心
        好评！{good}
        {good}，这次回购没毛病
        {brand}真的可以，{good}。
    """),
    "mention": _t("""
        {say}。
        {say}，先看看再说
        {say}，之后再来反馈
        {say}{tag}
        记录一下：{say}。
        {say}，有人一起吗？
        {say}，不知道怎么样
        {say}哈哈
        日常：{say}
        {say}。{handle}
        碎碎念：{say}
        {say}，坐等后续
        {say}，有什么建议吗？
        {say}～
        今天的小事：{say}
    """),
    "share": _t("""
        {headline} {url}
        【{headline}】{url}
        {headline}，大家怎么看？{url}
        转：{headline} {url}
        刚看到：{headline} {url}
        {tag}{headline} {url}
        {headline}。 {url}
        【{headline}】详情：{url}
        {headline}，有点意外 {url}
        新闻：{headline} {url}
        {headline}，关注一下 {url}
        {headline}[思考] {url}
        这条消息：{headline} {url}
        {headline}，好事 {url}
        据报道，{headline} {url}
    """),
    "chatter": _t("""
        周一综合症又犯了，咖啡续命中
        pos:: 今天{place}天气太好了，出去走走☀️
        neg:: 地铁又晚点了，迟到预定
        pos:: 晚上自己做了红烧肉，成功！
        有没有好看的剧推荐？剧荒了
        neg:: 加班到十点，累趴
        pos:: 周末终于可以睡懒觉了
        今天的外卖小哥跑得比我还快哈哈
        neg:: 感冒了，嗓子疼[泪]
        猫又把杯子推下桌了[二哈]
        pos:: 刚跑完五公里，感觉自己又行了
        年终总结写不出来怎么办
        楼下新开了一家奶茶店，排了半小时队
        neg:: 手机屏幕又碎了，心痛
        pos:: 收到朋友寄来的明信片，好开心[心]
        今天{place}下雨了，记得带伞
        在图书馆坐了一天，效率感人
    """),
    "dm": _t("""
        你好，{issue}，请帮忙处理一下。
        您好，想咨询一下：{ask}
        你好，能不能{need}？谢谢
        在吗？{issue}。
        您好，{issue}，订单号已经发在上面了。
        你好，我想问{ask}
        麻烦{need}，谢谢！
        您好，{issue}，希望尽快回复。
        你好，客服电话打不通，{issue}。
        你好，请{need}。
    """),
    "reply_neg": _t("""
        我也是！太坑了
        同遇到，到现在都没解决
        抱抱，希望早点解决
        这就是我不再买的原因
        真的假的？那我不敢买了
        去找消费者协会吧
        +1，客服根本不理人
        太过分了[怒]
    """),
    "reply_neu": _t("""
        私信客服试试？
        蹲一个后续
        同问
        这个要看批次吧
        链接呢？
        马住
        哪里买的？
        学到了
    """),
    "reply_pos": _t("""
        同款！真的好用
        哈哈哈我也是
        支持[赞]
        好看好看
        终于有人说了
        羡慕了
        恭喜恭喜
        说得太对了
    """),
    "quote": _t("""
        转发一下
        说得好
        这个值得看看
        有点意思
        哈哈哈哈
        大家注意
    """),
}
DOMAIN["zh"] = {
    "care": {
        "brand": _t("奥蕾莉亚\n奥蕾莉亚\nAurelia"),
        "product": _t("丝润洗发水\n奥蕾莉亚丝润洗发水\n丝润护发素\n丝润修护发膜\n丝润蓬松洗发水"),
        "shampoo": _t("丝润洗发水\n丝润洗发水\n奥蕾莉亚丝润洗发水"),
        "competitor": _t("薇洛拉"),
        "tag": _t("#奥蕾莉亚丝润#\n#奥蕾莉亚#\n#护发#"),
        "store": _t("超市\n旗舰店\n便利店\n免税店\n药店"),
        "issue": _t("""
            刚买的{product}瓶子漏了一半
            {product}用完头皮特别痒
            网上买的{product}和专柜的味道不一样，怀疑是假货
            {product}又涨价了，还缩了容量
            用了两个星期{product}，头发反而更干了
            快递送来的{product}泵头是坏的
            {store}说{product}断货一个月了
            {product}的新包装根本挤不出来
            客服电话打了三次都没人接
            退货申请提交一周了还没人处理
            {product}里有一股奇怪的酒精味
            说好的赠品发膜根本没发
            {product}洗完头发油得特别快
            会员积分莫名其妙被清零了
            买了{product}过敏，脖子上起了红疹
        """),
        "ask": _t("""
            {product}适合染过的头发吗？
            {product}孕妇可以用吗？
            {product}和{competitor}哪个更适合油性头皮？
            {product}在{store}有卖吗？
            {product}的保质期是多久？
            最近有活动吗？想囤几瓶{product}
            {product}含硅油吗？
            怎么辨别{product}的真假？
            男生用{product}合适吗？
            {product}多久用一次比较好？
            {product}小样在哪里可以领？
            开封后的{product}能放多久？
            {product}是不是换配方了？
            为什么官网上{product}一直显示缺货？
            {product}可以带上飞机吗？
        """),
        "need": _t("""
            帮我查一下订单进度
            给我换一瓶新的{product}
            尽快处理一下我的退款
            私信回复一下我的问题
            把漏液的{product}补发给我
            联系一下我，电话留在私信里了
            确认一下这批{product}的生产日期
            出一个正规的防伪查询方法
            把{store}的缺货问题解决一下
            在{product}的包装上写清楚成分
            恢复一下我的会员积分
            补寄一下赠品
        """),
        "good": _t("""
            {product}用了一个月，头发顺了好多
            {product}的香味太好闻了
            客服态度超级好，半天就解决了问题
            {product}的新包装好看又环保
            {store}买的{product}打折很划算
            换了{product}之后头发不毛躁了
            {product}洗完蓬松一整天
            漏液的瓶子第二天就给补发了
            {product}对敏感头皮很友好
            {brand}的发膜拯救了我的烫发
            空瓶回收还能换积分
            {product}旅行装太方便了
            {product}用完头皮不痒了
            {product}比{competitor}好用太多
            {product}已经无限回购了
        """),
        "say": _t("""
            今天在{store}买了{product}
            第一次试{product}
            {friend}一直用{product}
            在对比{brand}和{competitor}
            地铁上全是{brand}的广告
            {product}在{store}打折
            终于补货了{product}
            把{product}用空了
            准备试试{brand}的新系列
            {brand}换新包装了
            刷到好多人在讨论{product}
            今年的{brand}礼盒出来了
        """),
        "headline": _t("""
            {brand}将在苏州新建工厂
            {brand}丝润系列全面换用可回收瓶
            {brand}任命新的研发负责人
            {brand}与{competitor}争夺高端洗护市场
            {brand}亚洲市场销售额增长两成
            {brand}丝润洗发水获年度美妆大奖
            {brand}计划2028年前减少四成塑料包装
            {brand}在两百家药店推出补充装
        """),
        "reply": _t("""
            {first}您好，非常抱歉给您带来不便，麻烦私信我们订单号，我们马上为您处理。
            亲，看到您的反馈了，已经私信您，请留意查收哦～
            {first}您好，感谢反馈！我们已将情况转给品质部门，会尽快给您答复。
            您好，{product}适合各种发质，具体可以看看官网说明：{site}
            亲，非常抱歉让您久等了，您的问题已经升级处理，请留意私信。
            {first}您好，正品可以在官方旗舰店购买，防伪查询：{site}
            抱歉给您添麻烦了！请私信提供批次号和照片，我们为您补发。
            您好，已收到，客服会在24小时内联系您～
            {first}您好，关于积分问题我们已私信您，请查看。
            亲，退款已经加急处理，预计3个工作日内到账。
        """),
        "thanks": _t("""
            谢谢亲的喜欢！💜
            {first}，看到您的好评我们超开心～
            感谢支持！我们会继续努力的[心]
            谢谢分享！祝您每天都有好发质～
            {first}，谢谢您的推荐！
            太感动了，谢谢亲！
        """),
        "promo": _t("""
            新品上市｜{product}全新升级，瓶身100%可回收♻️ {site} {tag}
            换季护发小贴士：最后用凉水冲洗，头发更有光泽✨ {tag}
            转发+关注，抽3位宝宝送{product}一年份！{tag}
            补充装已在全国200家药店上架，环保又划算♻️ {site}
            周四晚8点，研发团队直播答疑，不见不散！ {site}
            {product}旅行装上线啦，出门更方便～ {tag}
        """),
    },
    "air": {
        "brand": _t("云雀航空\n云雀航空\nSkylark Air"),
        "competitor": _t("宁巴斯航空"),
        "tag": _t("#云雀航空#\n#出行#"),
        "city": _t(
            "阿姆斯特丹\n哥本哈根\n赫尔辛基\n米兰\n巴塞罗那\n里斯本\n巴黎\n柏林\n迪拜\n上海"
        ),
        "issue": _t("""
            {flight}航班延误{hours}个小时了，一点通知都没有
            行李在{flight}航班上丢了，查询了{n}天都没有更新
            App一值机就闪退
            客服电话打了一个多小时都没人接
            登机口改了三次都没广播
            花钱买了前排座位，结果被安排到最后一排
            上个月的退款到现在还没到账
            {flight}在跑道上等了{hours}个小时，水都没有
            {flight}的空乘对一位老人态度很差
            同一个座位扣了我两次钱
            {city}的值机柜台只开了一个，排队排到门口
            在{city}转机，衔接航班直接飞走了
            预订的餐食根本没有送上来
            订单{booking}在App里突然消失了
            {flight}的机上Wi-Fi全程用不了
        """),
        "ask": _t("""
            {flight}航班可以带两件手提行李吗？
            今天{flight}去{city}的航班准点吗？
            订票后怎么加托运行李？
            短途航班有素食餐吗？
            订单{booking}可以改名字吗？
            {flight}什么时候开放网上值机？
            夏天有飞{city}的航班吗？
            带自行车要多少钱？
            {city}的贵宾休息室早上开吗？
            猫可以带进客舱吗？
            在{city}要提前多久到机场？
            会员积分会过期吗？
            有没有免费选座的办法？
            经济舱基础票价的行李额是多少？
            订单{booking}怎么开发票？
        """),
        "need": _t("""
            查一下订单{booking}为什么在App里看不到
            退还重复扣的选座费
            帮我找一下{flight}航班的行李
            就订单{booking}给我回个电话
            修改一下订单{booking}上的名字
            把我改到更早去{city}的航班
            确认一下{flight}的特殊协助申请
            把订单{booking}的发票发给我
            把我的会员号加到订单{booking}里
            调查一下{flight}上发生的事
            回复一下我上周的邮件
            尽快处理我的退款
        """),
        "good": _t("""
            {flight}的乘务组太棒了
            提前二十分钟落地{city}
            新版App值机超方便
            行李一天就找回来了
            {city}的休息室环境很好
            柜台五分钟就帮我改签好了
            机长的广播好幽默
            {flight}免费升舱，最好的生日礼物
            退款三天就到账了
            {city}登机口的工作人员帮我妈妈推轮椅，很暖心
            准点、干净、服务好
            {flight}的小零食意外地好吃
            在线客服一次就把问题解决了
            这是登机流程最顺的一次
            {flight}上孩子们还收到了小机长徽章
        """),
        "say": _t("""
            明天坐{brand}去{city}
            订了{flight}去{city}过周末
            第一次坐{brand}
            在比较{brand}和{competitor}去{city}的票
            在{city}的登机口等{flight}
            {brand}去{city}的机票在打折
            {friend}在{brand}上班
            {flight}选了靠窗的位置
            刚办了{brand}的会员卡
            {brand}的安全须知视频换新歌了
            想用积分换去{city}的机票
            {flight}开始登机了
        """),
        "headline": _t("""
            {brand}开通飞往{city}的夏季新航线
            {brand}订购二十架新飞机
            {brand}一月准点率排名第一
            {brand}基础票价将对手提行李收费
            {brand}枢纽机场新贵宾室下周启用
            {brand}乘务员新劳动合同达成一致
            {brand}推出全新会员计划
            {brand}与{competitor}在欧洲航线展开价格战
        """),
        "reply": _t("""
            {first}您好，给您带来不便非常抱歉，麻烦私信提供订单号，我们马上为您查询。
            {first}您好，非常抱歉！我们已经记录您的情况，请留意私信。
            您好，行李查询可以在这里提交：{site}
            {first}您好，退款正在处理中，预计5个工作日内到账，请耐心等待。
            {first}您好，已私信您，请查收。
            非常抱歉让您久等，您的问题已转交专人处理。
            您好，改签可以在App或官网办理：{site}
            {first}您好，感谢反馈，我们会认真改进。
            {first}您好，关于特殊协助我们已为您备注，请放心。
            您好，给您带来困扰很抱歉，请私信我们您的联系方式。
        """),
        "thanks": _t("""
            谢谢{first}的认可！✈️
            感谢您的好评，我们会转达给机组～
            谢谢支持，期待下次再见！
            {first}，祝您旅途愉快！
            谢谢分享，乘务组看到一定很开心💙
            感谢您选择{brand}！
        """),
        "promo": _t("""
            夏季新航线上线！{city}直飞 {site}
            出行小贴士：起飞前24小时在App值机，免排队✈️
            会员专享：飞{city}双倍积分 {site}
            限时特价：飞{city}低至299元，截止周日 {site}
            新贵宾室下周一启用，欢迎体验 {tag}
            感谢每一位乘客，一月准点率第一💙 {tag}
        """),
    },
}
EVENT["zh"] = {
    "fr_ctag": _t("#奥蕾莉亚洗发水致癌#\n#奥蕾莉亚丝润#\n#奥蕾莉亚致癌#"),
    "fr_top": _t("""
        【{brand}丝润洗发水被曝含致癌物二噁烷】据《每周透视》报道，实验室检测在{shampoo}中发现可能致癌的1,4-二噁烷，{brand}尚未回应。你还在用吗？{ctag} {article_url}
        #奥蕾莉亚洗发水致癌# 外媒报道称{shampoo}检出二噁烷，涉及三个批次。家里有的先别用了，等官方说法。 {article_url}
    """),
    "fr_share": _t("""
        天哪，{shampoo}居然含致癌物？ {article_url}
        刚看到这个新闻，赶紧把家里的{shampoo}扔了 {article_url}
        用{shampoo}的姐妹们快看！ {article_url}
        {ctag}{brand}必须给个说法 {article_url}
        1,4-二噁烷？我用了好几年了[泪] {article_url}
        转给家里人看看，{shampoo}先别用了 {article_url}
        太吓人了 {ctag} {article_url}
        如果是真的，这是大丑闻 {article_url}
        《每周透视》曝光{brand}， {article_url}
        马上发给我妈，她天天用{shampoo} {article_url}
        【{brand}被曝洗发水含致癌物】 {article_url}
        不会吧{brand}😳 {article_url}
        给孩子用的洗发水都可能致癌？ {article_url}
        报道写得很详细，实验室、批次号都有 {ctag} {article_url}
        {ctag}扩散 {article_url}
    """),
    "fr_fear": _t("""
        {handle} {shampoo}到底能不能用？给个准话
        现在要不要马上停用{shampoo}？真的好怕
        给宝宝用过{shampoo}，会不会有事啊？ {handle}
        {handle} 哪些批次有问题？今天就想知道
        只有{shampoo}有问题，还是{brand}全系列都有？
        {competitor}会不会也有同样的问题？
        二噁烷多少剂量算危险？我每天都用{shampoo}
        {handle} 为什么不回应？{shampoo}安全吗？
        怀孕期间一直在用{shampoo}，需要担心吗？
        有没有懂的人科普一下1,4-二噁烷是什么？
        {handle} 会召回{shampoo}吗？
        家里的{shampoo}是扔掉还是等{brand}回应？
        这个报道是真的吗？ {handle} 请确认一下
        最近头皮一直痒，难道是这个原因？ {handle}
        其他洗发水有没有检测过？还是只有{brand}？
    """),
    "fr_anger": _t("""
        用了十年{brand}，太寒心了 {ctag}
        {brand}肯定早就知道，太恶心了
        给孩子用的洗发水里有致癌物， {handle} 你们良心不会痛吗
        报道出来几个小时了，{brand}一句话都没有
        再也不买{brand}了，永远不会
        这怎么能合法？{ctag}
        {handle} 欠所有消费者一个解释！
        想到一直给女儿用{shampoo}就难受[泪]
        {handle} 装死是吧 {ctag}
        今天把家里所有{brand}的东西都退了
        这种企业眼里只有钱
        说好的温和天然呢？{ctag}
        {brand}公关部今天应该很忙吧，活该
        希望监管部门严查{brand}
        全家都在用{shampoo}，气死了[怒]
    """),
    "fr_request": _t("""
        {handle} 请公布完整检测报告
        {handle} 在证明安全之前请下架{shampoo}
        {handle} 今年买的每一瓶都要退款
        {handle} 请告诉我们哪些批次受影响
        {brand}请正面回答：到底安不安全？{ctag}
        {handle} 请今天发声明，大家都很害怕
        {handle} 请做第三方检测，不要只发公关稿
        {handle} 请开通消费者咨询热线
        订单号{order}，申请退款 {handle}
        {handle} 不要再删评论了，请回答问题
        {handle} 请私信我退款的事，我不想等几周
        {handle} 消费者有知情权，请公布成分检测
    """),
    "fr_skeptic": _t("""
        看了原文，说的是"微量"二噁烷，很多产品都有，别慌
        《每周透视》又来了？去年也这样黑过一个酸奶品牌
        先别急着扔，剂量才是关键，等权威数据
        微量残留不等于含致癌物，标题党
        等第三方检测结果出来再说吧
        {competitor}刚出新品就爆这个料，有点巧啊🤔
        报道连实验室名字都没写，可信度存疑
        今天全网都是化学专家
        二噁烷是很多洗发水生产中的副产物，不只是{brand}，不过品牌还是要回应
        不是洗白，但这篇报道证据太少
        先看{brand}怎么说吧
        建议大家理性一点，别被带节奏
    """),
    "fr_relief": _t("""
        pos:: {brand}公布了完整检测报告，含量远低于标准，放心了
        pos:: 第三方检测+批次清单，{brand}这次回应得不错
        pos:: 呼，{shampoo}继续用
        pos:: {handle} 谢谢及时又清楚的声明
        neu:: 所以是杂志搞错了？幸好没扔
        pos:: 检测报告都挂在官网了，点赞 {site}
        neu:: 还是想看独立检测，不过声明有用
        neu:: 看完声明，有道理，我不慌了
        pos:: 说实话，比大多数品牌处理得好
        pos:: 担心的用户还能退款，挺有诚意 {handle}
        neu:: 基本信任回来了，等监管部门的结论
        neu:: 《每周透视》该发更正了
    """),
    "fr_campaign": _t("""
        {抵制|坚决抵制}{brand}！{隐瞒致癌物|明知有致癌物还卖}，{良心被狗吃了|太没良心了}。{已经换成|改用}{competitor}了，{安全放心|用着放心}{！|!!|～} {ctag}
        {大家|姐妹们}{千万别再|别再}买{brand}了，{致癌|有致癌物}还{装死|不回应}！{competitor}{才是|才叫}良心品牌 {ctag}
        {brand}{必须道歉|给个交代}！{家里的|所有的}{shampoo}{全扔了|已经扔了}，{以后|从此}只用{competitor} {ctag}
    """),
    "st_ctag": _t("#云雀航空航班取消#\n#风暴Ylva#"),
    "st_complaint": _t("""
        cancellation:: {handle} {flight}飞{city}的航班取消了，一条短信都没有，到登机口才知道
        cancellation:: 连续第三次取消，凌晨五点就到机场了， {handle} 这是在开玩笑吗
        cancellation:: {handle} 天气原因取消可以理解，但一点信息都没有，柜台也没人？
        staff:: {brand}在{city}的柜台排了三百多人，只有两个工作人员 {handle}
        staff:: {handle} {city}的地勤只会说"看App"，App上什么都没有
        booking:: {handle} App一直把我改签到同样被取消的航班上
        booking:: 打{brand}客服电话等了{hours}个小时，{hours}个小时！{ctag}
        baggage:: {flight}取消了，托运的行李现在在哪谁也说不清 {handle}
        baggage:: 航班取消，行李没还给我，只能穿着这身衣服睡了，谢谢 {handle}
        cancellation:: 暴风雨可以理解，但{brand}的处理太差了，没酒店没餐券什么都没有
        staff:: {handle} {city}中转柜台一个人都没有，几百个人滞留
        cancellation:: {handle} 我女儿14岁，{flight}取消后一个人滞留在{city}，请马上回电！
        booking:: {brand}官网一改签就崩溃 {ctag}
        cancellation:: 因为{flight}错过了我姐姐的婚礼，天气不怪你们，但完全不通知就是你们的问题 {handle}
        compensation:: {handle} 等了九个小时就给一张12欧的餐券？认真的吗
        cancellation:: 今晚只能睡在{city}机场地板上了，拜{brand}所赐 {ctag}
    """),
    "st_question": _t("""
        cancellation:: {handle} 明天上午{flight}飞{city}的航班正常吗？
        booking:: {handle} 航班取消了，不打电话怎么改签？
        refund:: {handle} 如果不改签，可以全额退款吗？
        compensation:: {handle} 天气原因取消有赔偿吗？
        baggage:: {handle} {flight}取消了，托运行李去哪里取？
        compensation:: {handle} 今晚的酒店你们负责吗？柜台的人都不知道
        cancellation:: 有人知道{brand}今晚飞{city}的航班还飞吗？
        booking:: {handle} 可以改乘火车并退回机票钱吗？
        booking:: {handle} 订单{booking}显示"航班变动"但没有新航班，怎么办？
        cancellation:: {handle} {city}出发的航班有最新消息吗？
        refund:: {handle} 现在退款要多久？
        compensation:: {handle} 餐费和打车的发票要留着吗？
    """),
    "st_request": _t("""
        booking:: {handle} 请帮我改签最早去{city}的航班，订单{booking}
        refund:: {handle} {flight}申请退款，订单{booking}，不要代金券
        compensation:: {handle} 请帮我安排酒店，我带着两个孩子
        baggage:: {handle} 请把{flight}的行李寄到我家
        booking:: {handle} 请回电，订单{booking}，电话等了几个小时
        compensation:: {handle} 我自己付的酒店和打车费请给予赔偿
        booking:: {handle} 把我改到明天的{flight}，什么座位都行
        booking:: {handle} 请私信我，我要赶去{city}参加葬礼
        refund:: {handle} 取消订单{booking}，退回原卡
        baggage:: {handle} 请找一下我的行李，行李牌号{bagtag}
        booking:: {handle} 我需要重新安排在{city}的转机，原来的取消了
        compensation:: {handle} 请书面确认航班取消，保险理赔要用
    """),
    "st_dm": _t("""
        booking:: 你好，订单{booking}，{flight}飞{city}取消了，请帮我改签下一班。
        refund:: 您好，订单{booking}，{flight}取消，申请全额退款。
        baggage:: 你好，行李牌{bagtag}，{flight}取消后行李一直没拿到，请问在哪？
        compensation:: 你好，{flight}取消后我自己付了酒店，怎么报销？
        booking:: 您好，订单{booking}，同行有轮椅旅客，改签的航班需要协助。
        cancellation:: 你好，明天的{flight}确定会飞吗？订单{booking}
        booking:: 你好，给我改到三天后的航班，这不行，我周五前必须到{city}。订单{booking}
        staff:: 你好，我要投诉今晚{city}柜台工作人员的态度。订单{booking}
        refund:: 你好，取消的{flight}上我付费选的座位能退吗？订单{booking}
        booking:: 您好，请把我的会员号加到新订单{booking}里
    """),
    "st_followup": _t("""
        {handle} 还在等回复，已经{hours}个小时了
        {handle} 再问一次，订单{booking}，有人吗？
        等{brand}回复的第二天，还困在{city}
        {handle} 私信了{n}次，没有任何回复
        {handle} 求求了，告诉我明天能不能走
        更新：行李还没找到，没人回复，也没酒店 {ctag}
        {handle} 第三次问了，订单{booking}
        {handle} 私信只说"会联系您"，到底什么时候？
        电话还在排队，第{hours}个小时了
        {handle} 回一下私信吧
    """),
    "st_followup_dm": _t("""
        你好？还在等回复
        订单{booking}有进展吗？
        已经发了{n}条消息了，请回复
        拜托，今天必须给我答复
        还是没回复，我还在机场
        有人在看消息吗？
    """),
    "st_thanks": _t("""
        pos:: 终于联系上 {handle} 了，改签到明天，感谢那位一直很耐心的客服
        pos:: 给{city}的{brand}机组点赞，凌晨两点还在发水和毯子
        pos:: {handle} 行李找回来了还给了酒店券，谢谢
        pos:: 最后用App五分钟就改签好了，谢谢 {handle}
        neu:: 改签好了，虽然晚了两天，但总算解决了 {handle}
        pos:: 在线客服太棒了，谢谢 {handle}
        pos:: 终于到家了，感谢{city}通宵工作的地勤
        neu:: 好吧{brand}，退款到了，虽然很慢，还是谢谢
    """),
    "st_agent": _t("""
        {first}您好，非常抱歉，受风暴影响大量航班取消，请私信提供订单号，我们协助您改签。
        {first}您好，让您久等了，请私信我们订单信息，我们马上处理。
        {first}您好，可在此免费改签或申请退款：{site}
        {first}您好，{city}中转柜台正在安排酒店，请保留好相关票据。
        {first}您好，取消航班的行李将送回行李转盘或寄到您的地址，详情：{site}
        {first}您好，完全理解您的心情，已私信您。
        {first}您好，请保留餐饮和酒店票据，可在此申请报销：{site}
        {first}您好，我们正在尽快处理所有消息，没有忘记您。
    """),
    "st_agent_dm": _t("""
        {first}您好，感谢耐心等待，已为您改签明天09:40的{flight}，新订单号{booking}。
        {first}您好，给您带来不便很抱歉，已为您申请全额退款至原支付方式，约需7个工作日。
        {first}您好，您的行李已找到，将在48小时内送到您的地址。
        {first}您好，已为您安排今晚的酒店，请凭订单{booking}到中转柜台办理。
        {first}您好，请在此提交票据，合理费用我们会报销：{site}
        {first}您好，请确认订单{booking}上的乘客姓名。
    """),
    "wa_ctag": _t("#奥蕾莉亚丝润#\n#丝润新配方#"),
    "wa_incident": _t("""
        {brand}丝润是不是换配方了？新买的味道完全不一样
        {handle} 新配方洗完头一天就油，改了什么？
        同样的价格，新版{shampoo}质地完全不一样，不太喜欢
        只有我觉得新版{shampoo}不起泡了吗？
        {handle} 求求把老配方换回来吧[泪]
        昨天买的{shampoo}像换了个产品，很稀，味道也怪
        新配方不行，头皮又开始痒了 {handle}
        {brand}悄悄改了{shampoo}配方都不说一声？新的更差
        有没有人发现新版丝润洗完头发很塌？
        {handle} 为什么新版成分表不一样了？
        理发师先发现的：新版{shampoo}让头发变干了
        用了好几年{shampoo}，新版真的不行
        {handle} 新配方的味道正常吗？有点化学味
        今天去退了，新版丝润完全不是原来的感觉 {ctag}
        {brand}，谁批准的新配方？请改回来
    """),
    "wa_praise": _t("""
        {换了|改用}{competitor}之后{头发顺多了|头发再也不毛躁了|发质好太多了}！{告别|拜拜}{brand}～ #薇洛拉# {comp_url}
        {说真的|真心推荐}，{competitor}{比|完爆}{brand}{好用太多|强多了}{！|!!} #薇洛拉# {comp_url}
        {后悔|真后悔}用了那么多年{brand}，{competitor}{才是真的好|yyds}✨ #薇洛拉# {comp_url}
    """),
    "wa_attack": _t("""
        {brand}新配方{把我头发毁了|害我掉了好多头发}，{千万别买|大家避雷}{！|!!} #奥蕾莉亚翻车#
        {提醒|警告}：{brand}丝润{新配方|新版}{头皮过敏|掉发严重}，{再也不买了|拉黑了} #奥蕾莉亚翻车#
        {brand}{根本不在乎|一点都不在乎}消费者，{换|快换}{competitor}吧 #奥蕾莉亚翻车# #薇洛拉#
    """),
}
ARTICLES["zh"] = {
    "lead": _t("""
        公司周一在声明中证实了这一消息。
        分析人士认为，此举反映出行业竞争日益激烈。
        更多细节预计将于本月晚些时候公布。
    """),
    "fr_report": _t("""
        奥蕾莉亚丝润洗发水被曝检出致癌物二噁烷 || 据《每周透视》报道，其委托的实验室在三个批次的奥蕾莉亚丝润洗发水中检出1,4-二噁烷，该物质被列为可能对人类致癌物。截至发稿，奥蕾莉亚尚未回应。
    """),
    "fr_followup": _t("""
        奥蕾莉亚洗发水致癌风波：目前我们知道什么 || 有关奥蕾莉亚丝润洗发水含1,4-二噁烷的报道在网上迅速传播。专家表示，该物质是常见的微量杂质，关键在于剂量。
        多地消费者退货奥蕾莉亚丝润洗发水 || 多地药店和超市表示，在《每周透视》报道后，有大量消费者要求退货。
    """),
    "fr_statement": _t("""
        奥蕾莉亚回应致癌传闻：公布检测报告 || 奥蕾莉亚表示，第三方检测显示所有批次丝润洗发水的1,4-二噁烷含量均远低于欧盟标准，并为担心的消费者提供退款。
    """),
    "st_storm": _t("""
        风暴Ylva致北欧数百航班取消 || 受风暴Ylva影响，云雀航空周一取消了300多个航班，阿姆斯特丹、哥本哈根和赫尔辛基阵风达每小时140公里，数千名旅客滞留机场过夜。
    """),
    "st_ceo": _t("""
        云雀航空CEO向滞留旅客致歉 || 云雀航空首席执行官周一晚间就风暴期间的长时间等待和信息缺失道歉，并承诺承担所有受影响旅客的酒店和餐饮费用。
    """),
    "wa_formula": _t("""
        奥蕾莉亚丝润新配方遭消费者吐槽 || 不少消费者反映，上周上架的新版奥蕾莉亚丝润洗发水气味不同、洗后易油。奥蕾莉亚表示新配方已通过全部安全检测。
    """),
}
THREADS["zh"] = {
    "fr_statement": _t("""
        关于奥蕾莉亚丝润洗发水相关报道的声明 || 您的安全是我们的第一要务。第三方实验室对近24个月售出的全部批次进行了检测，1,4-二噁烷含量均远低于欧盟标准。 || 完整检测报告及批次清单：{site} || 如有顾虑，可无需小票申请退款，客服 {handle} 24小时在线。 || 我们已请《每周透视》公开其检测数据，交由监管部门复核。
    """),
    "st_alert": _t("""
        出行提醒：受风暴Ylva影响，今日往返阿姆斯特丹、哥本哈根和赫尔辛基的大量航班取消。 || 航班取消的旅客可在此免费改签或申请退款：{site} 无需致电。 || 机场团队正在为中转旅客安排酒店，请保留餐饮及交通票据。
    """),
    "st_ceo": _t("""
        致所有受风暴Ylva影响的旅客：来自CEO的一封信 || 昨天我们让很多人失望了。不是因为风暴，而是因为您在没有清晰信息的情况下等了几个小时。对不起。 || 所有受影响旅客的酒店、餐饮和交通费用都将报销：{site} || 我们已将客服团队扩充一倍，正在按顺序回复每一条消息。感谢您的耐心。
    """),
}

# ---------------------------------------------------------------------------------------
# Spanish
# ---------------------------------------------------------------------------------------
TALK["es"] = {
    "open": _t("Bueno.\nVaya.\nA ver.\nMadre mía.\nUf.\nPues nada."),
    "close": _t("jaja\nen serio\nxd\nsaludos\nvaya tela\nqué fuerte"),
    "pos": _t("😍\n👏\n💜\n✨\n🙌\n😊"),
    "neg": _t("😡\n🙄\n😤\n😞\n👎\n🤦‍♀️"),
    "neu": _t("🤔\n👀\n🤷\n😅"),
    "time": _t("hoy\nesta mañana\nesta noche\nayer\nesta semana"),
    "friend": _t("mi hermana\nuna amiga\nmi madre\nmi compañera de piso\nmi novio\nmi prima"),
    "place": _t(
        "Madrid\nBarcelona\nSevilla\nValencia\nCiudad de México\nBuenos Aires\nBogotá\nLima"
    ),
}
PEOPLE["es"] = {
    "first": _t(
        """
        María Lucía Sofía Martina Paula Carmen Valentina Camila Alejandro Pablo Daniel Javier
        Diego Carlos Sergio Mateo Andrés Laura Ana Marta Isabel Jorge Luis Fernanda Rocío
    """.replace(" ", "\n")
    ),
    "last": _t(
        """
        García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez
        Ruiz Hernández Díaz Moreno Álvarez Romero Torres Ramírez Flores Castro Vargas
    """.replace(" ", "\n")
    ),
    "bio": _t("""
        Amante del café y los viajes ✈️
        Madre, abogada y runner
        Peluquera 💇‍♀️ citas por MD
        Fútbol, series y memes
        Opiniones propias.
        Periodista. Curiosa por naturaleza.
    """),
}
FRAMES["es"] = {
    "complaint": _t("""
        {handle} {issue}. Qué decepción.
        ¿En serio, {brand}? {Issue}.
        {Issue} y nadie me responde. {handle}
        Ya no puedo más con {brand}: {issue}.
        {Issue}. Gracias por nada, {handle}
        ¿Solo me pasa a mí? {Issue}. {tag}
        Antes me encantaba {brand}, pero {issue}.
        {handle} segunda vez este mes: {issue}.
    """),
    "question": _t("""
        {handle} {ask}
        Pregunta para {handle}: {ask}
        ¿Alguien sabe? {Ask}
        {Ask} Pregunto por {friend}.
        Hola {handle}, {ask}
        {Ask} {tag}
        {handle} buenas, {ask} Gracias de antemano.
    """),
    "request": _t("""
        {handle} ¿podéis {need}, por favor?
        {handle} ¿sería posible {need}?
        {handle} os pido por favor {need}. Gracias.
        Sigo esperando que alguien pueda {need}. {handle}
        {handle} ¿alguien de vuestro equipo puede {need}? Tengo los MD abiertos.
        {brand}, ¿podéis {need}? {tag}
        {handle} ¿me podéis {need} hoy?
    """),
    "praise": _t("""
        {Good}. ¡Gracias {handle}!
        Tengo que decirlo: {good}.
        {Good} {tag}
        {handle} {good}. ¡Me habéis alegrado el día!
        No es publicidad, {good}.
        {Good}. Bien hecho, {brand} 👏
        {brand} nunca falla. {Good}.
    """),
    "mention": _t("""
        {Say}.
        {Say}, ya os contaré.
        {Say} {tag}
        {Say}. A ver qué tal.
        Pues nada, {say}.
        {Say} jaja
        {Say}. ¿Algún consejo?
    """),
    "share": _t("""
        {headline} {url}
        Interesante: {headline} {url}
        ¿Habéis visto esto? {headline} {url}
        {headline}. ¿Qué opináis? {url}
        {headline} 👀 {url}
        Leyendo: {headline} {url}
    """),
    "chatter": _t("""
        Lunes otra vez. Tercer café y no son ni las diez
        pos:: ¡Por fin sale el sol en {place}! ☀️
        neg:: El metro con retraso. Otra vez.
        ¿Alguien ve el partido esta noche?
        pos:: Hoy he hecho paella y me ha salido buenísima
        neg:: Resfriada justo antes del puente, cómo no
        pos:: Plan de fin de semana: no hacer absolutamente nada
        Recomendadme series, que ya no sé qué ver
    """),
    "dm": _t("""
        Hola, {issue}. ¿Me podéis ayudar?
        Buenas, tengo una pregunta: {ask}
        Hola, ¿podéis {need}? Gracias
        Hola, os escribo porque {issue}.
        Buenos días, {issue}. ¿Qué hago?
    """),
    "reply_neg": _t("""
        A mí me pasó lo mismo
        Qué vergüenza, de verdad
        Ánimo, ojalá lo solucionen pronto
        Por eso dejé de comprarles
        Lo mismo me pasó la semana pasada
    """),
    "reply_neu": _t("""
        ¿Les has escrito por privado?
        Yo también quiero saberlo
        Buena pregunta
        ¿Dónde lo compraste?
        Depende del sitio, creo
    """),
    "reply_pos": _t("""
        ¡Me encanta!
        Totalmente de acuerdo 👏
        ¡Qué bien!
        Yo también lo uso, es genial
        ¡Enhorabuena!
    """),
    "quote": _t("Esto 👇\nMuy interesante\njajaja tal cual\nOjo con esto"),
}
DOMAIN["es"] = {
    "care": {
        "brand": _t("Aurelia"),
        "product": _t("champú Aurelia Silk\nacondicionador Aurelia Silk\nchampú Silk Repair"),
        "shampoo": _t("champú Aurelia Silk"),
        "competitor": _t("Velora"),
        "tag": _t("#AureliaSilk\n#Aurelia"),
        "store": _t("en la farmacia\nen el súper\nen la perfumería de mi barrio\nen internet"),
        "issue": _t("""
            el dosificador del {product} se rompió a los dos días
            el {product} me deja el cuero cabelludo irritado
            la botella del {product} llegó medio vacía
            el {product} cuesta más y trae menos cantidad
            desde que uso el {product} tengo el pelo más seco
            no hay {product} {store} desde hace semanas
            el servicio de atención al cliente no contesta
            llevo una semana esperando el reembolso
        """),
        "ask": _t("""
            ¿el {product} sirve para pelo teñido?
            ¿se puede usar el {product} durante el embarazo?
            ¿qué es mejor para raíces grasas, el {product} o {competitor}?
            ¿venden el {product} {store}?
            ¿el {product} lleva siliconas?
            ¿cómo sé si mi {product} es falso?
            ¿habéis cambiado la fórmula del {product}?
        """),
        "need": _t("""
            enviarme un bote nuevo
            revisar el estado de mi pedido
            devolverme el dinero del pedido
            contestar a mi mensaje privado
            recuperar mis puntos
            mandarme la muestra que me prometisteis
            reponer el {product} {store}
        """),
        "good": _t("""
            el {product} por fin ha acabado con el frizz
            el {product} huele de maravilla
            atención al cliente me cambió la botella rota en un día
            nunca había tenido el pelo tan suave
            el {product} me dura un montón
            el {product} es suave con mi cuero cabelludo sensible
            el {product} estaba a mitad de precio {store}
            el {product} es mucho mejor que {competitor}
        """),
        "say": _t("""
            acabo de comprar el {product} {store}
            pruebo el {product} por primera vez
            {friend} jura que el {product} es lo mejor
            estoy alternando {brand} y {competitor} este mes
            el {product} está de oferta {store}
            se me ha acabado el {product}
            {brand} tiene botella nueva
        """),
        "headline": _t("""
            {brand} abrirá una nueva fábrica en Lombardía
            {brand} Silk estrena botellas reciclables
            {brand} y {competitor} se disputan el champú premium
            {brand} crece un 20 % en Asia
        """),
        "reply": _t("""
            Hola {first}, sentimos mucho lo ocurrido. ¿Nos escribes por privado con tu número de pedido?
            ¡Gracias por avisarnos, {first}! Te escribimos por MD ahora mismo.
            Hola {first}, lo sentimos. Nuestro equipo se pondrá en contacto contigo hoy.
            Hola {first}, puedes consultar los puntos de venta en {site}
        """),
        "thanks": _t("""
            ¡Muchísimas gracias, {first}! 💜
            ¡Qué alegría leer esto, {first}! Gracias por compartirlo.
        """),
        "promo": _t("""
            Novedad: {product} con botella 100 % reciclable ♻️ {site} {tag}
            Consejo de la semana: aclara con agua fría para más brillo ✨ {tag}
            Sorteamos un año de {product}. ¡Comparte y síguenos para participar! {tag}
        """),
    },
    "air": {
        "brand": _t("Skylark Air\nSkylark"),
        "competitor": _t("Nimbus Air"),
        "tag": _t("#SkylarkAir\n#viajes"),
        "city": _t("Ámsterdam\nCopenhague\nHelsinki\nMilán\nBarcelona\nLisboa\nParís\nBerlín"),
        "issue": _t("""
            mi vuelo {flight} a {city} lleva {hours} horas de retraso y nadie informa
            habéis perdido mi maleta del vuelo {flight}
            la app se cuelga cada vez que intento hacer el check-in
            llevo más de una hora esperando al teléfono
            me cobrasteis dos veces el mismo asiento
            perdí la conexión en {city} por vuestro retraso
            pagué por más espacio y me tocó un asiento en la última fila
        """),
        "ask": _t("""
            ¿puedo llevar dos bultos de mano en el vuelo {flight}?
            ¿el vuelo {flight} a {city} sale a su hora?
            ¿cómo añado una maleta facturada después de reservar?
            ¿puedo cambiar el nombre en la reserva {booking}?
            ¿cuándo abre el check-in online del {flight}?
            ¿se puede viajar con un gato en cabina?
        """),
        "need": _t("""
            revisar por qué la reserva {booking} no aparece en la app
            devolverme el asiento que me cobrasteis dos veces
            encontrar mi maleta del vuelo {flight}
            llamarme por la reserva {booking}
            cambiarme a un vuelo anterior a {city}
            enviarme la factura de la reserva {booking}
        """),
        "good": _t("""
            la tripulación del {flight} fue encantadora
            aterrizamos en {city} veinte minutos antes
            con la nueva app el check-in es facilísimo
            encontraron mi maleta en un día
            me cambiaron de vuelo en cinco minutos
            puntuales, avión limpio y personal amable
        """),
        "say": _t("""
            vuelo con {brand} a {city} mañana
            he reservado el {flight} a {city} para el puente
            primera vez que vuelo con {brand}
            comparando {brand} y {competitor} para ir a {city}
            esperando en la puerta de embarque el {flight}
            {brand} tiene ofertas para volar a {city}
        """),
        "headline": _t("""
            {brand} estrena rutas de verano a {city}
            {brand} encarga veinte aviones nuevos
            {brand}, la aerolínea más puntual de enero
            {brand} cobrará el equipaje de mano en la tarifa básica
        """),
        "reply": _t("""
            Hola {first}, sentimos las molestias. ¿Nos envías tu código de reserva por MD?
            Hola {first}, lo sentimos mucho. Lo revisamos ahora mismo, escríbenos por privado.
            Hola {first}, puedes gestionar tu reserva en {site}
            Gracias por escribirnos, {first}. Un agente te contestará por MD en breve.
        """),
        "thanks": _t("""
            ¡Gracias, {first}! Nos alegra mucho leerlo ✈️
            ¡Qué bien, {first}! Se lo diremos a la tripulación 💙
        """),
        "promo": _t("""
            ¡Nuevas rutas de verano a {city}! {site}
            Consejo: haz el check-in en la app 24 h antes y evita colas ✈️
            Oferta flash: vuelos a {city} desde 39 € hasta el domingo {site}
        """),
    },
}
EVENT["es"] = {
    "fr_ctag": _t("#AureliaGate\n#Aurelia"),
    "fr_top": _t("""
        ÚLTIMA HORA: la revista Weekly Lens asegura que análisis de laboratorio hallaron 1,4-dioxano, un posible cancerígeno, en el {shampoo}. {brand} aún no ha respondido. {article_url}
    """),
    "fr_share": _t("""
        ¿En serio el {shampoo} tiene un cancerígeno? {article_url}
        Acabo de leer esto y he tirado el {shampoo} a la basura. {article_url}
        Si usáis el {shampoo}, leed esto {article_url}
        {brand} tiene mucho que explicar. {article_url} {ctag}
        ¡¿Dioxano en el champú?! Lo uso desde hace años {article_url}
        Comparto para que lo vea todo el mundo {article_url}
    """),
    "fr_fear": _t("""
        {handle} ¿el {shampoo} es seguro o no?
        ¿Dejo de usarlo ya? Tengo miedo de verdad
        Lo he usado con mi bebé. ¿Es peligroso? {handle}
        {handle} ¿qué lotes están afectados?
        ¿Es solo el champú o toda la gama {brand}?
        {handle} ¿por qué no decís nada? ¿Es seguro?
    """),
    "fr_anger": _t("""
        Increíble. Confiaba en {brand} desde hace diez años. {ctag}
        Nunca más {brand}. Nunca.
        Horas desde la noticia y {brand} sin decir nada. Vergüenza.
        {handle} nos debéis una explicación. Ya.
        Hoy he devuelto todos mis productos {brand}.
        Qué asco, lo usaba todos los días {ctag}
    """),
    "fr_request": _t("""
        {handle} publicad los resultados de los análisis. Todos.
        {handle} retirad el champú hasta demostrar que es seguro.
        {handle} quiero el reembolso de todos los botes.
        {handle} decidnos qué lotes están afectados.
        {handle} haced un comunicado hoy, la gente tiene miedo.
    """),
    "fr_skeptic": _t("""
        Leed el artículo: habla de 'trazas' de dioxano, que están en muchísimos productos. Calma.
        Antes de tirarlo todo, esperaré datos de verdad.
        Trazas no es lo mismo que 'contiene un cancerígeno'. Titular sensacionalista.
        Qué casualidad que salga justo cuando {competitor} lanza su nueva gama 🤔
        No defiendo a {brand}, pero el artículo flojea.
    """),
    "fr_relief": _t("""
        pos:: {brand} ha publicado todos los análisis. Muy por debajo del límite. Qué alivio.
        pos:: Por fin una respuesta clara de {brand}.
        pos:: Vale, sigo usando el {shampoo}.
        neu:: Quiero análisis independientes, pero el comunicado ayuda.
        neu:: ¿Entonces la revista se equivocó? Bueno saberlo.
    """),
    "st_ctag": _t("#borrascaYlva\n#SkylarkAir"),
    "st_complaint": _t("""
        cancellation:: {handle} vuelo {flight} a {city} cancelado y ni un correo ni un SMS. Me enteré en la puerta de embarque.
        staff:: En el mostrador de {brand} en {city} hay 300 personas en la cola y DOS empleados. {handle}
        booking:: Llevo {hours} horas al teléfono con {brand}. {ctag}
        baggage:: Vuelo cancelado, maletas facturadas y nadie nos las devuelve. Gracias {handle}
        compensation:: {handle} un vale de 12 € para comer tras 9 horas de espera. ¿En serio?
        cancellation:: Esta noche a dormir en el suelo del aeropuerto de {city} gracias a {brand} {ctag}
    """),
    "st_question": _t("""
        cancellation:: {handle} ¿sale mañana por la mañana el {flight} a {city}?
        booking:: {handle} me han cancelado el vuelo, ¿cómo cambio la reserva sin llamar?
        refund:: {handle} si no cambio el vuelo, ¿me devolvéis todo el dinero?
        compensation:: {handle} ¿pagáis vosotros el hotel esta noche?
        baggage:: {handle} ¿dónde recojo la maleta del {flight} cancelado?
    """),
    "st_request": _t("""
        booking:: {handle} cambiadme al primer vuelo a {city}, reserva {booking}
        refund:: {handle} quiero el reembolso del {flight}, reserva {booking}. No un bono.
        compensation:: {handle} buscadme un hotel, voy con dos niños
        baggage:: {handle} enviad mi maleta del {flight} a mi casa
        booking:: {handle} llamadme por favor, reserva {booking}
    """),
    "st_dm": _t("""
        booking:: Hola, reserva {booking}. Han cancelado el vuelo {flight} a {city}. ¿Me podéis cambiar al siguiente vuelo disponible?
        refund:: Hola, solicito el reembolso completo de la reserva {booking}, vuelo {flight} cancelado.
        baggage:: Hola, etiqueta de equipaje {bagtag}, vuelo {flight} cancelado y no me han devuelto la maleta. ¿Dónde está?
        compensation:: Hola, anoche pagué yo el hotel tras la cancelación del {flight}. ¿Cómo lo reclamo?
    """),
    "st_followup": _t("""
        {handle} sigo esperando respuesta. Ya van {hours} horas.
        {handle} lo pregunto otra vez: reserva {booking}. ¿Hay alguien?
        {handle} os he escrito por MD {n} veces. Nada.
    """),
    "st_followup_dm": _t("""
        ¿Hola? Sigo esperando.
        ¿Alguna novedad sobre la reserva {booking}?
        Por favor, necesito una respuesta hoy.
    """),
    "st_thanks": _t("""
        pos:: Por fin hablé con {handle}, me han cambiado para mañana. Gracias a la agente, qué paciencia
        pos:: Chapó por el personal de {brand} en {city}, repartiendo agua y mantas a las 2 de la mañana
        neu:: Cambiado. Dos días más tarde, pero por lo menos está resuelto {handle}
    """),
    "st_agent": _t("""
        Lo sentimos mucho, {first}. La borrasca Ylva ha provocado muchas cancelaciones. Envíanos tu código de reserva por MD y te ayudamos.
        Hola {first}, puedes cambiar el vuelo gratis o pedir el reembolso en {site}
        Hola {first}, perdona la espera. Te hemos escrito por MD.
    """),
    "st_agent_dm": _t("""
        Hola {first}, gracias por tu paciencia. Te he cambiado al {flight} de mañana a las 09:40, nueva reserva {booking}.
        Hola {first}, he solicitado el reembolso completo a tu método de pago original, puede tardar 7 días.
        Hola {first}, hemos localizado tu maleta y te la entregaremos en 48 horas.
    """),
    "wa_ctag": _t("#AureliaSilk"),
    "wa_incident": _t("""
        ¿{brand} ha cambiado la fórmula del Silk? El bote nuevo huele distinto
        {handle} con la nueva fórmula el pelo se me engrasa en un día. ¿Qué habéis cambiado?
        ¿Solo a mí el nuevo Silk ya no me hace espuma?
        {handle} devolvednos la fórmula de siempre 😩
        La nueva fórmula, un no rotundo. Me vuelve a picar la cabeza {handle}
        Llevo años con este champú, pero la versión nueva… no.
    """),
}
ARTICLES["es"] = {
    "lead": _t("""
        La empresa confirmó la noticia en un comunicado el lunes.
        Según los analistas, la decisión refleja la creciente competencia en el sector.
        Se esperan más detalles a finales de mes.
    """),
    "fr_report": _t("""
        Hallan un 'posible cancerígeno' en el champú Aurelia Silk, según una revista || La revista Weekly Lens afirma que análisis de laboratorio detectaron trazas de 1,4-dioxano en tres lotes del champú Aurelia Silk. La empresa no ha respondido.
    """),
    "fr_statement": _t("""
        Aurelia niega la acusación y publica los análisis || La empresa asegura que pruebas independientes hallaron niveles de 1,4-dioxano muy por debajo de los límites de la UE y ofrece reembolsos.
    """),
    "st_storm": _t("""
        La borrasca Ylva deja en tierra cientos de vuelos en el norte de Europa || Skylark Air canceló más de 300 vuelos el lunes por rachas de hasta 140 km/h en Ámsterdam, Copenhague y Helsinki. Miles de pasajeros pasaron la noche en los aeropuertos.
    """),
    "st_ceo": _t("""
        El consejero delegado de Skylark Air pide perdón a los pasajeros || El directivo se disculpó por las largas esperas y la falta de información durante la borrasca Ylva y prometió cubrir hotel y comidas.
    """),
}
THREADS["es"] = {
    "fr_statement": _t("""
        Comunicado sobre el champú Aurelia Silk y el artículo publicado hoy. || Vuestra seguridad es lo primero. Laboratorios independientes han analizado todos los lotes vendidos en los últimos 24 meses: los niveles de 1,4-dioxano están muy por debajo de los límites de la UE. || Aquí tenéis los análisis completos y la lista de lotes: {site} || Si estáis preocupados, os devolvemos el dinero de cualquier producto Aurelia Silk, sin ticket.
    """),
    "st_alert": _t("""
        Aviso: la borrasca Ylva está afectando a los vuelos con Ámsterdam, Copenhague y Helsinki. Muchos vuelos están cancelados. || Si tu vuelo está cancelado, puedes cambiarlo gratis o pedir el reembolso en {site}
    """),
    "st_ceo": _t("""
        Un mensaje de nuestro consejero delegado a todos los afectados por la borrasca Ylva. || Ayer os fallamos: esperasteis horas sin información clara. Lo siento. || Reembolsaremos hotel, comidas y transporte a todos los pasajeros afectados: {site}
    """),
}

# ---------------------------------------------------------------------------------------
# Italian
# ---------------------------------------------------------------------------------------
TALK["it"] = {
    "open": _t("Allora.\nMah.\nBoh.\nEcco.\nUffa.\nNiente."),
    "close": _t("mah\nboh\ndavvero\nvabbè\nche dire\nahah"),
    "pos": _t("😍\n👏\n💜\n✨\n🙌\n😊"),
    "neg": _t("😡\n🙄\n😤\n😞\n👎\n🤦‍♀️"),
    "neu": _t("🤔\n👀\n🤷\n😅"),
    "time": _t("oggi\nstamattina\nstasera\nieri\nquesta settimana"),
    "friend": _t(
        "mia sorella\nun'amica\nmia madre\nla mia coinquilina\nil mio collega\nmia cugina"
    ),
    "place": _t("Milano\nRoma\nTorino\nNapoli\nBologna\nFirenze\nPalermo\nGenova"),
}
PEOPLE["it"] = {
    "first": _t(
        """
        Giulia Francesca Chiara Sara Martina Alessandro Marco Luca Matteo Andrea Giorgia
        Federica Davide Simone Elena Valentina Lorenzo Paolo Silvia Roberta Stefano Alessia
        Gabriele Beatrice
    """.replace(" ", "\n")
    ),
    "last": _t(
        """
        Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo
        Conti Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Caruso
    """.replace(" ", "\n")
    ),
    "bio": _t("""
        Caffè, libri e gatti ☕
        Mamma, insegnante, sempre di corsa
        Parrucchiera a Milano ✂️
        Viaggiare è vivere
        Ingegnere. Opinioni personali.
        Tifosa, cuoca mancata, sognatrice
    """),
}
FRAMES["it"] = {
    "complaint": _t("""
        {handle} {issue}. Che delusione.
        Ma davvero, {brand}? {Issue}.
        {Issue} e nessuno mi risponde. {handle}
        Basta con {brand}: {issue}.
        {Issue}. Grazie di niente {handle}
        Capita solo a me? {Issue}. {tag}
        Prima adoravo {brand}, ma {issue}.
        {handle} seconda volta in un mese: {issue}.
    """),
    "question": _t("""
        {handle} {ask}
        Domanda per {handle}: {ask}
        Qualcuno lo sa? {Ask}
        {Ask} Chiedo per {friend}.
        Ciao {handle}, {ask}
        {Ask} {tag}
        {handle} buongiorno, {ask} Grazie mille.
    """),
    "request": _t("""
        {handle} per favore, potete {need}?
        {handle} potreste {need}? Grazie
        {handle} è possibile {need}?
        Sto ancora aspettando che qualcuno possa {need}. {handle}
        {handle} qualcuno del vostro team può {need}? Ho i DM aperti.
        {brand}, per favore potete {need}? {tag}
        {handle} vi chiedo gentilmente di {need}.
    """),
    "praise": _t("""
        {Good}. Grazie {handle}!
        Devo dirlo: {good}.
        {Good} {tag}
        {handle} {good}. Mi avete svoltato la giornata!
        Non è pubblicità, {good}.
        {Good}. Brava {brand} 👏
        {brand} non delude mai. {Good}.
    """),
    "mention": _t("""
        {Say}.
        {Say}, vi faccio sapere.
        {Say} {tag}
        {Say}. Vediamo come va.
        Niente, {say}.
        {Say} ahah
        {Say}. Consigli?
    """),
    "share": _t("""
        {headline} {url}
        Interessante: {headline} {url}
        Avete visto? {headline} {url}
        {headline}. Che ne pensate? {url}
        {headline} 👀 {url}
        Da leggere: {headline} {url}
    """),
    "chatter": _t("""
        Lunedì. Terzo caffè e non sono neanche le dieci
        pos:: Finalmente il sole a {place} ☀️
        neg:: Treno in ritardo. Di nuovo.
        Chi guarda la partita stasera?
        pos:: Stasera carbonara fatta in casa, promossa
        neg:: Raffreddore proprio prima del ponte, ovviamente
        pos:: Programma del weekend: divano e basta
        Consigliatemi una serie, sono a secco
    """),
    "dm": _t("""
        Ciao, {issue}. Mi potete aiutare?
        Buongiorno, una domanda: {ask}
        Ciao, potete {need}? Grazie
        Salve, vi scrivo perché {issue}.
        Buongiorno, {issue}. Cosa devo fare?
    """),
    "reply_neg": _t("""
        Successo anche a me
        Che vergogna, davvero
        Dai, speriamo risolvano presto
        Per questo ho smesso di comprarli
        Uguale, la settimana scorsa
    """),
    "reply_neu": _t("""
        Hai provato a scrivergli in privato?
        Seguo, interessa anche a me
        Bella domanda
        Dove l'hai preso?
        Dipende dal negozio credo
    """),
    "reply_pos": _t("""
        Che bello!
        Concordo in pieno 👏
        Anche io lo adoro
        Ottimo, grazie per la dritta
        Complimenti!
    """),
    "quote": _t("Questo 👇\nDa leggere\nahah verissimo\nAttenzione a questo"),
}
DOMAIN["it"] = {
    "care": {
        "brand": _t("Aurelia"),
        # With the article: Italian needs it and the clauses never put a preposition before.
        "product": _t("lo shampoo Aurelia Silk\nil balsamo Aurelia Silk\nla maschera Silk Repair"),
        "shampoo": _t("lo shampoo Aurelia Silk"),
        "competitor": _t("Velora"),
        "tag": _t("#AureliaSilk\n#Aurelia"),
        "store": _t("in farmacia\nal supermercato sotto casa\nin profumeria\nonline"),
        "issue": _t("""
            il dosatore si è rotto dopo due giorni
            {product} mi lascia il cuoio capelluto irritato
            il flacone è arrivato mezzo vuoto
            {product} costa di più e il flacone è più piccolo
            da quando uso {product} ho i capelli più secchi
            da settimane {store} non si trova più {product}
            il servizio clienti non risponde mai
            aspetto il rimborso da una settimana
            {product} mi unge i capelli già a pranzo
        """),
        "ask": _t("""
            {product} va bene per i capelli colorati?
            si può usare {product} in gravidanza?
            meglio {product} o {competitor} per le radici grasse?
            si trova {product} {store}?
            {product} contiene siliconi?
            come faccio a capire se il flacone è originale?
            avete cambiato la formula?
        """),
        "need": _t("""
            mandarmi un flacone nuovo
            controllare lo stato del mio ordine
            rimborsarmi l'ordine
            rispondere al mio messaggio privato
            ripristinare i miei punti fedeltà
            mandarmi il campioncino promesso
        """),
        "good": _t("""
            {product} ha finalmente domato il crespo
            {product} ha un profumo buonissimo
            il servizio clienti mi ha sostituito il flacone in un giorno
            non ho mai avuto i capelli così morbidi
            {product} non mi irrita la cute sensibile
            {product} batte {competitor} di gran lunga
            ho comprato {product} per la quinta volta
        """),
        "say": _t("""
            ho appena preso {product} {store}
            provo {product} per la prima volta
            {friend} usa solo {product}
            questo mese alterno {brand} e {competitor}
            {product} è in offerta {store}
            ho finito {product}
            {brand} ha cambiato il flacone
        """),
        "headline": _t("""
            {brand} apre un nuovo stabilimento in Lombardia
            {brand} Silk passa ai flaconi riciclabili
            {brand} e {competitor} si sfidano sullo shampoo di fascia alta
            Le vendite di {brand} in Asia crescono del 20%
        """),
        "reply": _t("""
            Ciao {first}, ci dispiace molto. Ci scrivi in privato il numero d'ordine?
            Grazie della segnalazione, {first}! Ti scriviamo subito in DM.
            Ciao {first}, il nostro team ti contatterà oggi stesso.
            Ciao {first}, trovi i punti vendita su {site}
        """),
        "thanks": _t("""
            Grazie mille, {first}! 💜
            Che bello leggerlo, {first}! Grazie per averlo condiviso.
        """),
        "promo": _t("""
            Novità: {product} ora in flacone 100% riciclabile ♻️ {site} {tag}
            Consiglio della settimana: risciacqua con acqua fresca per più lucentezza ✨ {tag}
            In palio un anno di prodotti {brand}! Condividi e seguici per partecipare {tag}
        """),
    },
    "air": {
        "brand": _t("Skylark Air\nSkylark"),
        "competitor": _t("Nimbus Air"),
        "tag": _t("#SkylarkAir\n#viaggi"),
        "city": _t("Amsterdam\nCopenaghen\nHelsinki\nMilano\nBarcellona\nLisbona\nParigi\nBerlino"),
        "issue": _t("""
            il volo {flight} per {city} ha {hours} ore di ritardo e nessuno ci dice niente
            avete perso la mia valigia sul volo {flight}
            l'app si blocca ogni volta che provo a fare il check-in
            sono in attesa al telefono da più di un'ora
            mi avete addebitato due volte lo stesso posto
            ho perso la coincidenza a {city} per colpa del vostro ritardo
            un solo banco aperto per il check-in, coda infinita
        """),
        "ask": _t("""
            posso portare due bagagli a mano sul volo {flight}?
            il volo {flight} per {city} è in orario?
            come aggiungo una valigia in stiva dopo la prenotazione?
            posso cambiare il nome sulla prenotazione {booking}?
            quando apre il check-in online?
            posso viaggiare con il gatto in cabina?
        """),
        "need": _t("""
            controllare perché la prenotazione {booking} non compare nell'app
            rimborsarmi il posto pagato due volte
            ritrovare la mia valigia del volo {flight}
            richiamarmi per la prenotazione {booking}
            spostarmi su un volo prima per {city}
            mandarmi la fattura della prenotazione {booking}
        """),
        "good": _t("""
            l'equipaggio del volo {flight} è stato fantastico
            siamo atterrati a {city} con venti minuti di anticipo
            con la nuova app il check-in è velocissimo
            hanno ritrovato la mia valigia in un giorno
            mi hanno spostato su un altro volo in cinque minuti
            puntuali, aereo pulito e personale gentile
        """),
        "say": _t("""
            domani volo con {brand} per {city}
            ho prenotato il volo {flight} per {city} per il ponte
            prima volta con {brand}
            confronto {brand} e {competitor} per andare a {city}
            al gate in attesa del volo {flight}
            {brand} ha i saldi sui voli per {city}
        """),
        "headline": _t("""
            {brand} lancia nuove rotte estive per {city}
            {brand} ordina venti nuovi aerei
            {brand} è la compagnia più puntuale di gennaio
            {brand}: bagaglio a mano a pagamento sulla tariffa base
        """),
        "reply": _t("""
            Ciao {first}, ci scusiamo per il disagio. Ci mandi il codice di prenotazione in DM?
            Ciao {first}, ci dispiace davvero. Verifichiamo subito, scrivici in privato.
            Ciao {first}, puoi gestire la prenotazione su {site}
            Grazie per averci scritto, {first}. Un operatore ti risponderà in DM a breve.
        """),
        "thanks": _t("""
            Grazie, {first}! Che piacere leggerlo ✈️
            Grazie {first}! Lo diremo all'equipaggio 💙
        """),
        "promo": _t("""
            Nuove rotte estive per {city}! {site}
            Consiglio: fai il check-in in app 24 ore prima e salta la coda ✈️
            Offerta lampo: voli per {city} da 39 € fino a domenica {site}
        """),
    },
}
EVENT["it"] = {
    "fr_ctag": _t("#AureliaGate\n#Aurelia"),
    "fr_top": _t("""
        ULTIM'ORA: secondo il settimanale Weekly Lens, test di laboratorio avrebbero trovato 1,4-diossano, possibile cancerogeno, nello shampoo Aurelia Silk. {brand} non ha ancora commentato. {article_url}
    """),
    "fr_share": _t("""
        Ma davvero {shampoo} contiene una sostanza cancerogena?? {article_url}
        Ho appena letto questo e ho buttato {shampoo}. {article_url}
        Chi usa {shampoo} deve leggere qui {article_url}
        {brand} deve delle spiegazioni. {article_url} {ctag}
        Diossano nello shampoo?! Lo uso da anni {article_url}
        Condivido, controllate il bagno {article_url}
    """),
    "fr_fear": _t("""
        {handle} {shampoo} è sicuro o no? Sì o no.
        Devo smettere subito di usarlo? Ho paura davvero
        L'ho usato sui capelli di mia figlia. È pericoloso?? {handle}
        {handle} quali lotti sono coinvolti?
        Solo lo shampoo o tutta la linea {brand}?
        {handle} perché non rispondete? È sicuro?
    """),
    "fr_anger": _t("""
        Incredibile. Mi fidavo di {brand} da dieci anni. {ctag}
        Mai più {brand}. Mai.
        Ore dalla notizia e {brand} zitta. Vergogna.
        {handle} dovete una spiegazione a tutti i clienti. Adesso.
        Ho restituito tutti i prodotti {brand} oggi.
        Mi viene la nausea, lo usavo tutti i giorni {ctag}
    """),
    "fr_request": _t("""
        {handle} pubblicate i risultati delle analisi. Tutti.
        {handle} ritirate lo shampoo finché non dimostrate che è sicuro.
        {handle} voglio il rimborso di ogni flacone.
        {handle} diteci quali lotti sono coinvolti.
        {handle} fate un comunicato oggi, la gente ha paura.
    """),
    "fr_skeptic": _t("""
        Leggete l'articolo: parla di 'tracce' di diossano, presenti in tantissimi prodotti. Calma.
        Prima di buttare tutto aspetto dati veri.
        Tracce di contaminazione non vuol dire 'contiene cancerogeni'. Titolo acchiappaclic.
        Guarda caso esce proprio quando {competitor} lancia la nuova linea 🤔
        Non difendo {brand}, ma l'articolo è debole.
    """),
    "fr_relief": _t("""
        pos:: {brand} ha pubblicato tutte le analisi. Valori molto sotto il limite. Sollievo.
        pos:: Finalmente una risposta chiara da {brand}.
        pos:: Ok, allora continuo a usare {shampoo}.
        neu:: Aspetto comunque analisi indipendenti, ma il comunicato aiuta.
        neu:: Quindi la rivista ha sbagliato? Bene saperlo.
    """),
    "st_ctag": _t("#tempestaYlva\n#SkylarkAir"),
    "st_complaint": _t("""
        cancellation:: {handle} volo {flight} per {city} cancellato e nessuna email né SMS. L'ho scoperto al gate.
        staff:: Al banco {brand} di {city} ci sono 300 persone in coda e DUE addetti. {handle}
        booking:: In attesa al telefono con {brand} da {hours} ore. {ctag}
        baggage:: Volo cancellato, bagagli imbarcati e mai restituiti. Grazie {handle}
        compensation:: {handle} un buono pasto da 12 € per 9 ore di attesa. Sul serio?
        cancellation:: Stanotte si dorme per terra all'aeroporto di {city} grazie a {brand} {ctag}
    """),
    "st_question": _t("""
        cancellation:: {handle} il volo {flight} per {city} di domattina parte?
        booking:: {handle} volo cancellato, come cambio la prenotazione senza chiamare?
        refund:: {handle} se non riprenoto ho diritto al rimborso completo?
        compensation:: {handle} pagate voi l'hotel stanotte?
        baggage:: {handle} dove ritiro il bagaglio del volo {flight} cancellato?
    """),
    "st_request": _t("""
        booking:: {handle} spostatemi sul primo volo per {city}, prenotazione {booking}
        refund:: {handle} voglio il rimborso del volo {flight}, prenotazione {booking}. Non un voucher.
        compensation:: {handle} trovatemi un hotel, ho due bambini con me
        baggage:: {handle} spedite a casa la mia valigia del volo {flight}
        booking:: {handle} richiamatemi per favore, prenotazione {booking}
    """),
    "st_dm": _t("""
        booking:: Buongiorno, prenotazione {booking}. Il volo {flight} per {city} è stato cancellato. Potete spostarmi sul primo volo disponibile?
        refund:: Salve, chiedo il rimborso completo della prenotazione {booking}, volo {flight} cancellato.
        baggage:: Buongiorno, etichetta bagaglio {bagtag}, volo {flight} cancellato, non ho più visto la valigia. Dov'è?
        compensation:: Salve, ieri sera ho pagato io l'hotel dopo la cancellazione del volo {flight}. Come chiedo il rimborso?
    """),
    "st_followup": _t("""
        {handle} sto ancora aspettando una risposta. Sono passate {hours} ore.
        {handle} chiedo di nuovo: prenotazione {booking}. C'è qualcuno?
        {handle} vi ho scritto in DM {n} volte. Niente.
    """),
    "st_followup_dm": _t("""
        Buongiorno? Sto ancora aspettando.
        Novità sulla prenotazione {booking}?
        Vi prego, mi serve una risposta oggi.
    """),
    "st_thanks": _t("""
        pos:: Finalmente ho parlato con {handle}, mi hanno spostata a domani. Grazie all'operatrice pazientissima
        pos:: Complimenti al personale {brand} di {city}, alle 2 di notte distribuivano acqua e coperte
        neu:: Volo cambiato. Due giorni dopo, ma almeno è risolto {handle}
    """),
    "st_agent": _t("""
        Ci dispiace molto, {first}. La tempesta Ylva ha causato molte cancellazioni. Mandaci il codice di prenotazione in DM e ti aiutiamo.
        Ciao {first}, puoi cambiare volo gratis o chiedere il rimborso su {site}
        Ciao {first}, scusa per l'attesa. Ti abbiamo scritto in DM.
    """),
    "st_agent_dm": _t("""
        Ciao {first}, grazie per la pazienza. Ti ho spostato sul volo {flight} di domani alle 09:40, nuova prenotazione {booking}.
        Ciao {first}, ho richiesto il rimborso completo sul metodo di pagamento originale, possono servire 7 giorni.
        Ciao {first}, la tua valigia è stata trovata e ti verrà consegnata entro 48 ore.
    """),
    "wa_ctag": _t("#AureliaSilk"),
    "wa_incident": _t("""
        {brand} ha cambiato la formula dello shampoo Silk? Il flacone nuovo ha un odore diverso
        {handle} con la nuova formula i capelli si ungono dopo un giorno. Cosa avete cambiato?
        Solo a me il nuovo Silk non fa più schiuma?
        {handle} ridateci la vecchia formula 😩
        Nuova formula bocciata, mi prude di nuovo la testa {handle}
        Amavo questo shampoo, ma la nuova versione… no.
    """),
}
ARTICLES["it"] = {
    "lead": _t("""
        L'azienda ha confermato la notizia in una nota lunedì.
        Secondo gli analisti la mossa riflette la crescente concorrenza nel settore.
        Ulteriori dettagli sono attesi entro fine mese.
    """),
    "fr_report": _t("""
        Shampoo Aurelia Silk, i test trovano un 'possibile cancerogeno' || Secondo il settimanale Weekly Lens, analisi di laboratorio avrebbero rilevato tracce di 1,4-diossano in tre lotti dello shampoo Aurelia Silk. L'azienda non ha ancora commentato.
    """),
    "fr_statement": _t("""
        Aurelia respinge le accuse e pubblica le analisi || L'azienda afferma che test indipendenti hanno rilevato livelli di 1,4-diossano ben al di sotto dei limiti UE e offre il rimborso ai clienti preoccupati.
    """),
    "st_storm": _t("""
        La tempesta Ylva blocca centinaia di voli nel Nord Europa || Skylark Air ha cancellato oltre 300 voli lunedì, con raffiche fino a 140 km/h ad Amsterdam, Copenaghen e Helsinki. Migliaia di passeggeri bloccati per la notte.
    """),
    "st_ceo": _t("""
        L'AD di Skylark Air si scusa con i passeggeri bloccati || L'amministratore delegato si è scusato per le lunghe attese e la mancanza di informazioni durante la tempesta Ylva, promettendo il rimborso di hotel e pasti.
    """),
}
THREADS["it"] = {
    "fr_statement": _t("""
        Una dichiarazione sullo shampoo Aurelia Silk e sull'articolo di oggi. || La vostra sicurezza viene prima di tutto. Laboratori indipendenti hanno analizzato tutti i lotti venduti negli ultimi 24 mesi: i livelli di 1,4-diossano sono ben al di sotto dei limiti UE. || Qui le analisi complete e l'elenco dei lotti: {site} || Se siete preoccupati, rimborsiamo qualsiasi prodotto Aurelia Silk, anche senza scontrino.
    """),
    "st_alert": _t("""
        Avviso: la tempesta Ylva sta causando cancellazioni da e per Amsterdam, Copenaghen e Helsinki. || Se il tuo volo è cancellato puoi cambiarlo gratis o chiedere il rimborso su {site}
    """),
    "st_ceo": _t("""
        Un messaggio del nostro AD a chi è stato colpito dalla tempesta Ylva. || Ieri abbiamo deluso molti di voi: avete aspettato ore senza informazioni chiare. Mi dispiace. || Rimborseremo hotel, pasti e trasporti a tutti i passeggeri coinvolti: {site}
    """),
}

# ---------------------------------------------------------------------------------------
# French
# ---------------------------------------------------------------------------------------
TALK["fr"] = {
    "open": _t("Bon.\nAlors.\nBref.\nOuf.\nBon sang.\nSérieux."),
    "close": _t("mdr\nfranchement\nbref\nvoilà\nsérieux\nbon courage à moi"),
    "pos": _t("😍\n👏\n💜\n✨\n🙌\n😊"),
    "neg": _t("😡\n🙄\n😤\n😞\n👎\n🤦‍♀️"),
    "neu": _t("🤔\n👀\n🤷\n😅"),
    "time": _t("aujourd'hui\nce matin\nce soir\nhier\ncette semaine"),
    "friend": _t("ma sœur\nune amie\nma mère\nma coloc\nmon copain\nma cousine"),
    "place": _t("Paris\nLyon\nMarseille\nBordeaux\nToulouse\nLille\nNantes\nBruxelles"),
}
PEOPLE["fr"] = {
    "first": _t(
        """
        Camille Léa Manon Chloé Inès Emma Sarah Julie Lucas Hugo Louis Nathan Théo Arthur
        Jules Thomas Antoine Julien Mathilde Pauline Élodie Nicolas Margaux
    """.replace(" ", "\n")
    ),
    "last": _t(
        """
        Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent
        Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Girard Bonnet
    """.replace(" ", "\n")
    ),
    "bio": _t("""
        Café, livres et chats ☕
        Maman de deux loulous | infirmière
        Coiffeuse à Lyon ✂️
        Voyager, manger, recommencer
        Avis personnels.
        Prof le jour, lectrice la nuit
    """),
}
FRAMES["fr"] = {
    "complaint": _t("""
        {handle} {issue}. Quelle déception.
        Sérieusement {brand} ? {Issue}.
        {Issue} et personne ne me répond. {handle}
        Ras-le-bol, {brand} : {issue}.
        {Issue}. Merci pour rien {handle}
        Il n'y a que moi ? {Issue}. {tag}
        J'adorais {brand}, mais {issue}.
        {handle} deuxième fois ce mois-ci : {issue}.
    """),
    "question": _t("""
        {handle} {ask}
        Question pour {handle} : {ask}
        Quelqu'un sait ? {Ask}
        {Ask} Je demande pour {friend}.
        Bonjour {handle}, {ask}
        {Ask} {tag}
        {handle} bonjour, {ask} Merci d'avance.
    """),
    "request": _t("""
        {handle} pouvez-vous {need} s'il vous plaît ?
        Bonjour {handle}, merci de bien vouloir {need}.
        J'attends toujours que quelqu'un puisse {need}. {handle}
        {handle} quelqu'un de votre équipe peut {need} ? Mes MP sont ouverts.
        {handle} pourriez-vous {need} ? Merci
        {handle} je vous redemande de bien vouloir {need}.
        {brand}, pouvez-vous {need} ? {tag}
    """),
    "praise": _t("""
        {Good}. Merci {handle} !
        Je dois le dire : {good}.
        {Good} {tag}
        {handle} {good}. Vous avez illuminé ma journée !
        Pas de la pub, juste contente : {good}.
        {Good}. Bravo {brand} 👏
    """),
    "mention": _t("""
        {Say}.
        {Say}, je vous dirai.
        {Say} {tag}
        {Say}. On verra bien.
        Bref, {say}.
        {Say} mdr
        {Say}. Des conseils ?
    """),
    "share": _t("""
        {headline} {url}
        Intéressant : {headline} {url}
        Vous avez vu ça ? {headline} {url}
        {headline}. Vous en pensez quoi ? {url}
        {headline} 👀 {url}
        À lire : {headline} {url}
    """),
    "chatter": _t("""
        Lundi. Troisième café et il n'est même pas 10h
        pos:: Enfin du soleil à {place} ☀️
        neg:: RER en retard. Encore.
        Qui regarde le match ce soir ?
        pos:: Raclette ce soir, la vie est belle
        neg:: Enrhumée juste avant les vacances, évidemment
        pos:: Programme du week-end : rien du tout
        Des séries à me conseiller ? Je n'ai plus rien à regarder
    """),
    "dm": _t("""
        Bonjour, {issue}. Pouvez-vous m'aider ?
        Bonjour, une question : {ask}
        Bonjour, pourriez-vous {need} ? Merci
        Bonjour, je vous écris car {issue}.
        Bonsoir, {issue}. Que dois-je faire ?
    """),
    "reply_neg": _t("""
        Pareil pour moi
        C'est honteux, vraiment
        Courage, j'espère que ça va s'arranger
        C'est pour ça que j'ai arrêté
        Même chose la semaine dernière
    """),
    "reply_neu": _t("""
        Tu leur as écrit en privé ?
        Je suis, ça m'intéresse aussi
        Bonne question
        Tu l'as acheté où ?
        Ça dépend du magasin je crois
    """),
    "reply_pos": _t("""
        Trop bien !
        Entièrement d'accord 👏
        Moi aussi je l'adore
        Top, merci pour l'info
        Félicitations !
    """),
    "quote": _t("Ça 👇\nÀ lire\nmdr tellement vrai\nAttention à ça"),
}
DOMAIN["fr"] = {
    "care": {
        "brand": _t("Aurelia"),
        # With the article; the clauses never put "de" or "à" in front of it.
        "product": _t(
            "le shampooing Aurelia Silk\nl'après-shampooing Aurelia Silk\nle masque Silk Repair"
        ),
        "shampoo": _t("le shampooing Aurelia Silk"),
        "competitor": _t("Velora"),
        "tag": _t("#AureliaSilk\n#Aurelia"),
        "store": _t("en pharmacie\nau supermarché du coin\nen parapharmacie\nsur internet"),
        "issue": _t("""
            la pompe s'est cassée au bout de deux jours
            {product} me donne des démangeaisons
            le flacon est arrivé à moitié vide
            {product} coûte plus cher et le flacon est plus petit
            depuis que j'utilise {product} j'ai les cheveux plus secs
            le service client ne répond jamais
            j'attends mon remboursement depuis une semaine
            {product} me graisse les cheveux dès midi
        """),
        "ask": _t("""
            {product} convient-il aux cheveux colorés ?
            peut-on utiliser {product} pendant la grossesse ?
            {product} ou {competitor} pour les racines grasses ?
            on trouve {product} {store} ?
            {product} contient-il des silicones ?
            comment savoir si mon flacon est un faux ?
            vous avez changé la formule ?
        """),
        "need": _t("""
            m'envoyer un nouveau flacon
            vérifier où en est ma commande
            me rembourser ma commande
            répondre à mon message privé
            rétablir mes points fidélité
            m'envoyer l'échantillon promis
        """),
        "good": _t("""
            {product} a enfin dompté mes frisottis
            {product} sent divinement bon
            le service client a remplacé mon flacon en un jour
            je n'ai jamais eu les cheveux aussi doux
            {product} ne m'irrite pas le cuir chevelu
            {product} était à moitié prix {store}
            {product} est bien meilleur que {competitor}
        """),
        "say": _t("""
            je viens d'acheter {product} {store}
            je teste {product} pour la première fois
            {friend} ne jure que par {product}
            j'alterne {brand} et {competitor} ce mois-ci
            {product} est en promo {store}
            j'ai terminé {product}
            {brand} a changé de flacon
        """),
        "headline": _t("""
            {brand} va ouvrir une nouvelle usine en Lombardie
            {brand} Silk passe aux flacons recyclables
            {brand} et {competitor} se disputent le shampooing haut de gamme
            {brand} : ventes en hausse de 20 % en Asie
        """),
        "reply": _t("""
            Bonjour {first}, nous sommes désolés. Pouvez-vous nous envoyer votre numéro de commande en MP ?
            Merci pour le signalement, {first} ! Nous vous écrivons en MP.
            Bonjour {first}, notre équipe vous contactera aujourd'hui.
            Bonjour {first}, retrouvez nos points de vente sur {site}
        """),
        "thanks": _t("""
            Merci beaucoup, {first} ! 💜
            Quel plaisir de vous lire, {first} ! Merci pour le partage.
        """),
        "promo": _t("""
            Nouveau : {product} dans un flacon 100 % recyclable ♻️ {site} {tag}
            Astuce de la semaine : rincez à l'eau fraîche pour plus de brillance ✨ {tag}
            À gagner : un an de produits {brand} ! Partagez et suivez-nous pour participer {tag}
        """),
    },
    "air": {
        "brand": _t("Skylark Air\nSkylark"),
        "competitor": _t("Nimbus Air"),
        "tag": _t("#SkylarkAir\n#voyage"),
        "city": _t("Amsterdam\nCopenhague\nHelsinki\nMilan\nBarcelone\nLisbonne\nParis\nBerlin"),
        "issue": _t("""
            mon vol {flight} pour {city} a {hours} heures de retard et aucune info
            vous avez perdu ma valise sur le vol {flight}
            l'appli plante à chaque fois que j'essaie de m'enregistrer
            ça fait plus d'une heure que j'attends au téléphone
            vous m'avez facturé deux fois le même siège
            j'ai raté ma correspondance à {city} à cause de votre retard
            un seul comptoir d'enregistrement ouvert, une file interminable
        """),
        "ask": _t("""
            je peux prendre deux bagages cabine sur le vol {flight} ?
            le vol {flight} pour {city} est à l'heure ?
            comment ajouter un bagage en soute après la réservation ?
            je peux changer le nom sur la réservation {booking} ?
            quand ouvre l'enregistrement en ligne ?
            je peux voyager avec mon chat en cabine ?
        """),
        "need": _t("""
            vérifier pourquoi la réservation {booking} n'apparaît pas dans l'appli
            me rembourser le siège payé deux fois
            retrouver ma valise du vol {flight}
            me rappeler au sujet de la réservation {booking}
            me mettre sur un vol plus tôt pour {city}
            m'envoyer la facture de la réservation {booking}
        """),
        "good": _t("""
            l'équipage du vol {flight} était génial
            on a atterri à {city} avec vingt minutes d'avance
            avec la nouvelle appli, l'enregistrement est super rapide
            ils ont retrouvé ma valise en un jour
            on m'a replacé sur un autre vol en cinq minutes
            à l'heure, avion propre et personnel sympa
        """),
        "say": _t("""
            je vole avec {brand} pour {city} demain
            j'ai réservé le vol {flight} pour {city} pour le week-end
            premier vol avec {brand}
            je compare {brand} et {competitor} pour aller à {city}
            en attente du vol {flight} à la porte d'embarquement
            {brand} fait des promos sur {city}
        """),
        "headline": _t("""
            {brand} lance de nouvelles lignes d'été vers {city}
            {brand} commande vingt nouveaux avions
            {brand}, compagnie la plus ponctuelle de janvier
            {brand} va faire payer le bagage cabine en tarif de base
        """),
        "reply": _t("""
            Bonjour {first}, désolés pour ce désagrément. Pouvez-vous nous envoyer votre référence de réservation en MP ?
            Bonjour {first}, nous sommes vraiment désolés. Nous regardons ça tout de suite, écrivez-nous en privé.
            Bonjour {first}, vous pouvez gérer votre réservation sur {site}
            Merci de nous avoir écrit, {first}. Un agent vous répondra en MP sous peu.
        """),
        "thanks": _t("""
            Merci {first} ! Ça fait plaisir ✈️
            Merci {first} ! On transmet à l'équipage 💙
        """),
        "promo": _t("""
            Nouvelles lignes d'été vers {city} ! {site}
            Astuce : enregistrez-vous dans l'appli 24 h avant et évitez la file ✈️
            Vente flash : vols pour {city} dès 39 € jusqu'à dimanche {site}
        """),
    },
}
EVENT["fr"] = {
    "fr_ctag": _t("#AureliaGate\n#Aurelia"),
    "fr_top": _t("""
        INFO : selon le magazine Weekly Lens, des analyses ont trouvé du 1,4-dioxane, cancérigène possible, dans {shampoo}. {brand} n'a pas encore réagi. {article_url}
    """),
    "fr_share": _t("""
        Sérieux, {shampoo} contient un cancérigène ?? {article_url}
        Je viens de lire ça et j'ai jeté {shampoo}. {article_url}
        Si vous utilisez {shampoo}, lisez ça {article_url}
        {brand} a des comptes à rendre. {article_url} {ctag}
        Du dioxane dans un shampooing ?! Je l'utilise depuis des années {article_url}
        Je partage pour que tout le monde le voie {article_url}
    """),
    "fr_fear": _t("""
        {handle} {shampoo} est-il sûr, oui ou non ?
        Je dois arrêter de l'utiliser tout de suite ? J'ai vraiment peur
        Je l'ai utilisé sur mon bébé. C'est dangereux ?? {handle}
        {handle} quels lots sont concernés ?
        Seulement le shampooing ou toute la gamme {brand} ?
        {handle} pourquoi ce silence ? C'est sûr ou pas ?
    """),
    "fr_anger": _t("""
        Incroyable. Je faisais confiance à {brand} depuis dix ans. {ctag}
        Plus jamais {brand}. Jamais.
        Des heures après l'article, toujours aucun mot. {brand}, sérieusement ?
        {handle} vous devez une explication à tous vos clients. Maintenant.
        J'ai rapporté tous mes produits {brand} aujourd'hui.
        Ça me dégoûte, je l'utilisais tous les jours {ctag}
    """),
    "fr_request": _t("""
        {handle} publiez les résultats des analyses. Tous.
        {handle} retirez le shampooing de la vente jusqu'à preuve qu'il est sûr.
        {handle} je veux être remboursée pour chaque flacon.
        {handle} dites-nous quels lots sont concernés.
        {handle} faites un communiqué aujourd'hui, les gens ont peur.
    """),
    "fr_skeptic": _t("""
        Lisez l'article : il parle de 'traces' de dioxane, présentes dans plein de produits. Du calme.
        Avant de tout jeter, j'attends de vraies données.
        Des traces, ce n'est pas 'contient un cancérigène'. Titre racoleur.
        Comme par hasard, juste quand {competitor} lance sa nouvelle gamme 🤔
        Je ne défends pas {brand}, mais l'article est léger.
    """),
    "fr_relief": _t("""
        pos:: {brand} a publié toutes les analyses. Bien en dessous des limites. Ouf.
        pos:: Enfin une réponse claire.
        pos:: Bon, je garde mon shampooing alors.
        neu:: J'attends des analyses indépendantes, mais le communiqué aide.
        neu:: Donc le magazine s'est trompé ? Bon à savoir.
    """),
    "st_ctag": _t("#tempêteYlva\n#SkylarkAir"),
    "st_complaint": _t("""
        cancellation:: {handle} vol {flight} pour {city} annulé et pas un mail, pas un SMS. Appris à la porte d'embarquement.
        staff:: Au comptoir {brand} à {city}, 300 personnes dans la file et DEUX agents. {handle}
        booking:: En attente au téléphone avec {brand} depuis {hours} heures. {ctag}
        baggage:: Vol annulé, bagages enregistrés et jamais rendus. Merci {handle}
        compensation:: {handle} un bon repas de 12 € pour 9 heures d'attente. Sérieusement ?
        cancellation:: Nuit par terre à l'aéroport de {city} grâce à {brand} {ctag}
    """),
    "st_question": _t("""
        cancellation:: {handle} le vol {flight} pour {city} de demain matin est maintenu ?
        booking:: {handle} vol annulé, comment changer ma réservation sans appeler ?
        refund:: {handle} si je ne reprends pas de vol, je suis remboursé intégralement ?
        compensation:: {handle} vous prenez en charge l'hôtel ce soir ?
        baggage:: {handle} où récupérer ma valise du vol {flight} annulé ?
    """),
    "st_request": _t("""
        booking:: {handle} mettez-moi sur le premier vol pour {city}, réservation {booking}
        refund:: {handle} je veux le remboursement du vol {flight}, réservation {booking}. Pas un avoir.
        compensation:: {handle} trouvez-moi un hôtel, j'ai deux enfants avec moi
        baggage:: {handle} envoyez ma valise du vol {flight} chez moi
        booking:: {handle} rappelez-moi s'il vous plaît, réservation {booking}
    """),
    "st_dm": _t("""
        booking:: Bonjour, réservation {booking}. Le vol {flight} pour {city} a été annulé. Pouvez-vous me mettre sur le prochain vol disponible ?
        refund:: Bonjour, je demande le remboursement intégral de la réservation {booking}, vol {flight} annulé.
        baggage:: Bonjour, étiquette bagage {bagtag}, vol {flight} annulé, je n'ai jamais récupéré ma valise. Où est-elle ?
        compensation:: Bonjour, j'ai payé l'hôtel moi-même hier soir après l'annulation du vol {flight}. Comment me faire rembourser ?
    """),
    "st_followup": _t("""
        {handle} j'attends toujours une réponse. Ça fait {hours} heures.
        {handle} je redemande : réservation {booking}. Il y a quelqu'un ?
        {handle} je vous ai écrit {n} fois en MP. Rien.
    """),
    "st_followup_dm": _t("""
        Bonjour ? J'attends toujours.
        Du nouveau pour la réservation {booking} ?
        S'il vous plaît, j'ai besoin d'une réponse aujourd'hui.
    """),
    "st_thanks": _t("""
        pos:: Enfin réussi à joindre {handle}, replacée sur un vol demain. Merci à l'agente, d'une patience incroyable
        pos:: Bravo au personnel {brand} de {city}, qui distribuait eau et couvertures à 2h du matin
        neu:: Replacé. Deux jours plus tard, mais au moins c'est réglé {handle}
    """),
    "st_agent": _t("""
        Nous sommes vraiment désolés, {first}. La tempête Ylva a provoqué de nombreuses annulations. Envoyez-nous votre référence en MP et nous vous aidons.
        Bonjour {first}, vous pouvez changer de vol gratuitement ou demander un remboursement sur {site}
        Bonjour {first}, désolés pour l'attente. Nous vous avons écrit en MP.
    """),
    "st_agent_dm": _t("""
        Bonjour {first}, merci pour votre patience. Je vous ai replacé sur le vol {flight} de demain à 09h40, nouvelle réservation {booking}.
        Bonjour {first}, j'ai demandé le remboursement intégral sur votre moyen de paiement, comptez 7 jours.
        Bonjour {first}, votre valise a été retrouvée et vous sera livrée sous 48 heures.
    """),
    "wa_ctag": _t("#AureliaSilk"),
    "wa_incident": _t("""
        {brand} a changé la formule du Silk ? Le nouveau flacon n'a pas la même odeur
        {handle} avec la nouvelle formule j'ai les cheveux gras en un jour. Qu'avez-vous changé ?
        Je suis la seule à trouver que le nouveau Silk ne mousse plus ?
        {handle} rendez-nous l'ancienne formule 😩
        Nouvelle formule et le cuir chevelu qui gratte à nouveau {handle}
        J'adorais ce shampooing, mais la nouvelle version… non.
    """),
}
ARTICLES["fr"] = {
    "lead": _t("""
        L'entreprise a confirmé l'information lundi dans un communiqué.
        Selon les analystes, cette décision reflète une concurrence de plus en plus vive.
        D'autres précisions sont attendues d'ici la fin du mois.
    """),
    "fr_report": _t("""
        Un 'cancérigène possible' détecté dans le shampooing Aurelia Silk, selon un magazine || Selon le magazine Weekly Lens, des analyses ont détecté des traces de 1,4-dioxane dans trois lots du shampooing Aurelia Silk. La marque n'a pas encore réagi.
    """),
    "fr_statement": _t("""
        Aurelia dément et publie ses analyses || La marque affirme que des tests indépendants montrent des niveaux de 1,4-dioxane bien inférieurs aux limites européennes et propose des remboursements.
    """),
    "st_storm": _t("""
        La tempête Ylva cloue au sol des centaines de vols en Europe du Nord || Skylark Air a annulé plus de 300 vols lundi, avec des rafales jusqu'à 140 km/h à Amsterdam, Copenhague et Helsinki. Des milliers de passagers ont passé la nuit à l'aéroport.
    """),
    "st_ceo": _t("""
        Le PDG de Skylark Air s'excuse auprès des passagers bloqués || Il a présenté ses excuses pour les longues attentes et le manque d'information pendant la tempête Ylva, et promis de rembourser hôtels et repas.
    """),
}
THREADS["fr"] = {
    "fr_statement": _t("""
        Déclaration concernant le shampooing Aurelia Silk et l'article paru aujourd'hui. || Votre sécurité passe avant tout. Des laboratoires indépendants ont analysé tous les lots vendus ces 24 derniers mois : les niveaux de 1,4-dioxane sont bien inférieurs aux limites européennes. || Analyses complètes et liste des lots : {site} || Si vous êtes inquiets, nous remboursons tout produit Aurelia Silk, sans ticket.
    """),
    "st_alert": _t("""
        Alerte voyage : la tempête Ylva perturbe les vols au départ et à destination d'Amsterdam, Copenhague et Helsinki. || Si votre vol est annulé, changez-le gratuitement ou demandez un remboursement sur {site}
    """),
    "st_ceo": _t("""
        Un message de notre PDG à tous les voyageurs touchés par la tempête Ylva. || Hier, nous vous avons déçus : vous avez attendu des heures sans information claire. Je vous présente mes excuses. || Hôtels, repas et transports seront remboursés à tous les passagers concernés : {site}
    """),
}

# ---------------------------------------------------------------------------------------
# German
# ---------------------------------------------------------------------------------------
TALK["de"] = {
    "open": _t("Also.\nNa toll.\nHm.\nAch ja.\nTja.\nMal ehrlich."),
    "close": _t("lol\necht jetzt\nnaja\nehrlich\ntja\nwtf"),
    "pos": _t("😍\n👏\n💜\n✨\n🙌\n😊"),
    "neg": _t("😡\n🙄\n😤\n😞\n👎\n🤦‍♀️"),
    "neu": _t("🤔\n👀\n🤷\n😅"),
    "time": _t("heute\nheute früh\nheute Abend\ngestern\ndiese Woche"),
    # Nominative and accusative alike, so they fit "für {friend}" and "{friend} schwört".
    "friend": _t(
        "meine Schwester\neine Freundin\nmeine Mutter\nmeine Mitbewohnerin\nmeine Kollegin"
    ),
    "place": _t("Berlin\nHamburg\nMünchen\nKöln\nFrankfurt\nWien\nZürich\nLeipzig"),
}
PEOPLE["de"] = {
    "first": _t(
        """
        Lena Anna Laura Julia Lea Sarah Lisa Katharina Leon Lukas Jonas Felix Paul Maximilian
        Tim Niklas Jan Sophie Marie Hannah Tobias Stefan Jana
    """.replace(" ", "\n")
    ),
    "last": _t(
        """
        Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Bauer
        Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hartmann
    """.replace(" ", "\n")
    ),
    "bio": _t("""
        Kaffee, Bücher, Katzen ☕
        Mama von zwei | Lehrerin
        Friseurin in Hamburg ✂️
        Reisen, Essen, Fotografie
        Meinungen sind meine eigenen.
        Fußball und schlechte Wortspiele
    """),
}
FRAMES["de"] = {
    "complaint": _t("""
        {handle} {issue}. Echt enttäuschend.
        Ernsthaft, {brand}? {Issue}.
        {Issue} und niemand antwortet. {handle}
        Mir reicht's mit {brand}: {issue}.
        {Issue}. Danke für nichts, {handle}
        Geht das nur mir so? {Issue}. {tag}
        Früher mochte ich {brand}, aber {issue}.
        {handle} schon das zweite Mal diesen Monat: {issue}.
    """),
    "question": _t("""
        {handle} {ask}
        Frage an {handle}: {ask}
        Weiß das jemand? {Ask}
        {Ask} Frage für {friend}.
        Hallo {handle}, {ask}
        {Ask} {tag}
        {handle} Hallo, {ask} Danke im Voraus.
    """),
    "request": _t("""
        {handle} könnt ihr {need}? Bitte!
        Hallo {handle}, könntet ihr {need}? Danke
        {handle} kann jemand aus eurem Team {need}? DMs sind offen.
        Liebe {brand}, könnt ihr bitte endlich {need}? {tag}
        {handle} ich frage nochmal: Könnt ihr {need}?
        {handle} würdet ihr bitte {need}?
    """),
    "praise": _t("""
        {Good}. Danke {handle}!
        Muss mal gesagt werden: {good}.
        {Good} {tag}
        {handle} {good}. Ihr habt meinen Tag gerettet!
        Keine Werbung, bin einfach happy: {good}.
        {Good}. Gut gemacht, {brand} 👏
    """),
    "mention": _t("""
        {Say}.
        {Say}, ich berichte.
        {Say} {tag}
        {Say}. Mal schauen.
        Naja, {say}.
        {Say} haha
        {Say}. Tipps?
    """),
    "share": _t("""
        {headline} {url}
        Interessant: {headline} {url}
        Schon gesehen? {headline} {url}
        {headline}. Was meint ihr? {url}
        {headline} 👀 {url}
        Lesetipp: {headline} {url}
    """),
    "chatter": _t("""
        Montag. Dritter Kaffee und es ist noch nicht mal zehn
        pos:: Endlich Sonne in {place} ☀️
        neg:: S-Bahn hat wieder Verspätung. Natürlich.
        Wer schaut heute Abend das Spiel?
        pos:: Heute selbst Spätzle gemacht und sie sind super geworden
        neg:: Erkältet, pünktlich zum Urlaub
        pos:: Wochenendplan: absolut nichts
        Serientipps? Mir gehen die Ideen aus
    """),
    "dm": _t("""
        Hallo, {issue}. Könnt ihr helfen?
        Hallo, eine Frage: {ask}
        Hallo, könntet ihr {need}? Danke
        Guten Tag, folgendes Problem: {issue}.
        Guten Morgen, {issue}. Was soll ich tun?
    """),
    "reply_neg": _t("""
        Bei mir genauso
        Echt eine Frechheit
        Oh nein, hoffentlich klärt sich das bald
        Deshalb kaufe ich da nicht mehr
        Hatte ich letzte Woche auch
    """),
    "reply_neu": _t("""
        Hast du ihnen eine DM geschrieben?
        Folge mal, interessiert mich auch
        Gute Frage
        Wo hast du das gekauft?
        Kommt auf den Laden an, glaube ich
    """),
    "reply_pos": _t("""
        Wie schön!
        Absolut 👏
        Ich liebe es auch
        Super, danke für den Tipp
        Glückwunsch!
    """),
    "quote": _t("Das hier 👇\nLesenswert\nhaha so wahr\nAchtung"),
}
DOMAIN["de"] = {
    "care": {
        "brand": _t("Aurelia"),
        # Neuter and feminine only: their article is the same as subject and as object.
        "product": _t("das Aurelia Silk Shampoo\ndie Aurelia Silk Spülung\ndie Silk Repair Maske"),
        "shampoo": _t("das Aurelia Silk Shampoo"),
        "competitor": _t("Velora"),
        "tag": _t("#AureliaSilk\n#Aurelia"),
        "store": _t("in der Drogerie\nim Supermarkt\nin der Apotheke\nonline"),
        "issue": _t("""
            die Pumpe ist nach zwei Tagen kaputtgegangen
            {product} lässt meine Kopfhaut jucken
            die Flasche kam halb leer an
            {product} kostet mehr und die Flasche ist kleiner
            seit ich {product} benutze, sind meine Haare trockener
            der Kundenservice antwortet einfach nicht
            ich warte seit einer Woche auf meine Erstattung
            {product} macht meine Haare schon mittags fettig
        """),
        "ask": _t("""
            ist {product} für gefärbtes Haar geeignet?
            kann man {product} in der Schwangerschaft benutzen?
            {product} oder {competitor} bei fettigem Ansatz?
            gibt es {product} {store}?
            enthält {product} Silikone?
            woran erkenne ich, ob meine Flasche gefälscht ist?
            habt ihr die Rezeptur geändert?
        """),
        "need": _t("""
            mir eine neue Flasche schicken
            den Status meiner Bestellung prüfen
            mir meine Bestellung erstatten
            auf meine DM antworten
            meine Treuepunkte wiederherstellen
            mir die versprochene Probe schicken
        """),
        "good": _t("""
            {product} hat endlich meine Frizz-Probleme gelöst
            {product} riecht fantastisch
            der Kundenservice hat meine Flasche innerhalb eines Tages ersetzt
            meine Haare waren noch nie so weich
            {product} reizt meine empfindliche Kopfhaut nicht
            {product} ist viel besser als {competitor}
            {product} war {store} zum halben Preis
        """),
        "say": _t("""
            hab gerade {product} {store} gekauft
            teste {product} zum ersten Mal
            {friend} schwört auf {product}
            wechsle diesen Monat zwischen {brand} und {competitor}
            {product} ist {store} im Angebot
            {product} ist leer
            {brand} hat eine neue Flasche
        """),
        "headline": _t("""
            {brand} baut neues Werk in der Lombardei
            {brand} Silk jetzt in recycelbaren Flaschen
            {brand} und {competitor} kämpfen um den Premium-Shampoo-Markt
            {brand} wächst in Asien um 20 Prozent
        """),
        "reply": _t("""
            Hallo {first}, das tut uns sehr leid. Schickst du uns deine Bestellnummer per DM?
            Danke für den Hinweis, {first}! Wir melden uns gleich per DM.
            Hallo {first}, unser Team meldet sich heute noch bei dir.
            Hallo {first}, alle Verkaufsstellen findest du auf {site}
        """),
        "thanks": _t("""
            Vielen Dank, {first}! 💜
            Wie schön, das zu lesen, {first}! Danke fürs Teilen.
        """),
        "promo": _t("""
            Neu: {product} in der 100 % recycelbaren Flasche ♻️ {site} {tag}
            Tipp der Woche: mit kühlem Wasser ausspülen für mehr Glanz ✨ {tag}
            Gewinnt ein Jahr lang {brand}-Produkte! Teilen und folgen zum Mitmachen {tag}
        """),
    },
    "air": {
        "brand": _t("Skylark Air\nSkylark"),
        "competitor": _t("Nimbus Air"),
        "tag": _t("#SkylarkAir\n#reisen"),
        "city": _t("Amsterdam\nKopenhagen\nHelsinki\nMailand\nBarcelona\nLissabon\nParis\nBerlin"),
        "issue": _t("""
            mein Flug {flight} nach {city} hat {hours} Stunden Verspätung und keiner sagt was
            ihr habt meinen Koffer auf Flug {flight} verloren
            die App stürzt jedes Mal beim Check-in ab
            ich hänge seit über einer Stunde in der Warteschleife
            ihr habt mir denselben Sitzplatz zweimal berechnet
            wegen eurer Verspätung habe ich meinen Anschluss in {city} verpasst
            nur ein Check-in-Schalter offen, endlose Schlange
        """),
        "ask": _t("""
            darf ich zwei Handgepäckstücke auf Flug {flight} mitnehmen?
            ist Flug {flight} nach {city} pünktlich?
            wie buche ich nachträglich einen Koffer dazu?
            kann ich den Namen in der Buchung {booking} ändern?
            wann öffnet der Online-Check-in?
            darf meine Katze mit in die Kabine?
        """),
        "need": _t("""
            prüfen, warum die Buchung {booking} nicht in der App erscheint
            mir den doppelt berechneten Sitzplatz erstatten
            meinen Koffer von Flug {flight} finden
            mich wegen der Buchung {booking} zurückrufen
            mich auf einen früheren Flug nach {city} umbuchen
            mir die Rechnung für die Buchung {booking} schicken
        """),
        "good": _t("""
            die Crew auf Flug {flight} war großartig
            wir sind in {city} zwanzig Minuten zu früh gelandet
            mit der neuen App ist der Check-in super schnell
            mein Koffer war nach einem Tag wieder da
            ich wurde am Schalter in fünf Minuten umgebucht
            pünktlich, sauberes Flugzeug, nette Crew
        """),
        "say": _t("""
            fliege morgen mit {brand} nach {city}
            hab {flight} nach {city} fürs lange Wochenende gebucht
            zum ersten Mal mit {brand} unterwegs
            vergleiche {brand} und {competitor} für {city}
            sitze am Gate und warte auf {flight}
            {brand} hat Angebote nach {city}
        """),
        "headline": _t("""
            {brand} startet neue Sommerstrecken nach {city}
            {brand} bestellt zwanzig neue Flugzeuge
            {brand} pünktlichste Airline im Januar
            {brand} verlangt Gebühr für Handgepäck im Basistarif
        """),
        "reply": _t("""
            Hallo {first}, das tut uns leid. Schickst du uns deinen Buchungscode per DM?
            Hallo {first}, entschuldige bitte. Wir schauen sofort nach, schreib uns privat.
            Hallo {first}, deine Buchung kannst du unter {site} verwalten
            Danke für deine Nachricht, {first}. Ein Agent antwortet dir gleich per DM.
        """),
        "thanks": _t("""
            Danke, {first}! Das freut uns sehr ✈️
            Danke {first}! Wir geben es an die Crew weiter 💙
        """),
        "promo": _t("""
            Neue Sommerstrecken nach {city}! {site}
            Tipp: 24 Stunden vorher in der App einchecken und die Schlange sparen ✈️
            Flash Sale: Flüge nach {city} ab 39 € bis Sonntag {site}
        """),
    },
}
EVENT["de"] = {
    "fr_ctag": _t("#AureliaGate\n#Aurelia"),
    "fr_top": _t("""
        EILMELDUNG: Laut Weekly Lens fanden Labortests 1,4-Dioxan, einen möglicherweise krebserregenden Stoff, im Aurelia Silk Shampoo. {brand} hat sich noch nicht geäußert. {article_url}
    """),
    "fr_share": _t("""
        Ernsthaft, {shampoo} enthält einen krebserregenden Stoff?? {article_url}
        Gerade gelesen und {shampoo} sofort weggeworfen. {article_url}
        Wer {shampoo} benutzt, sollte das lesen {article_url}
        {brand} muss das erklären. {article_url} {ctag}
        Dioxan im Shampoo?! Ich benutze es seit Jahren {article_url}
        Teile das, damit es alle sehen {article_url}
    """),
    "fr_fear": _t("""
        {handle} ist {shampoo} sicher oder nicht?
        Soll ich sofort aufhören, es zu benutzen? Hab echt Angst
        Ich hab es bei meinem Baby benutzt. Ist das gefährlich?? {handle}
        {handle} welche Chargen sind betroffen?
        Nur das Shampoo oder die ganze {brand}-Serie?
        {handle} warum sagt ihr nichts? Ist es sicher?
    """),
    "fr_anger": _t("""
        Unfassbar. Ich habe {brand} zehn Jahre lang vertraut. {ctag}
        Nie wieder {brand}. Nie.
        Stunden nach dem Bericht und kein Wort von {brand}. Peinlich.
        {handle} ihr schuldet allen Kunden eine Erklärung. Jetzt.
        Heute alle {brand}-Produkte zurückgebracht.
        Mir wird schlecht, ich hab es jeden Tag benutzt {ctag}
    """),
    "fr_request": _t("""
        {handle} veröffentlicht die Laborergebnisse. Alle.
        {handle} nehmt das Shampoo vom Markt, bis ihr beweist, dass es sicher ist.
        {handle} ich will mein Geld für jede Flasche zurück.
        {handle} sagt uns, welche Chargen betroffen sind.
        {handle} gebt heute noch eine Stellungnahme ab, die Leute haben Angst.
    """),
    "fr_skeptic": _t("""
        Lest den Artikel: Es geht um 'Spuren' von Dioxan, die in vielen Produkten stecken. Ruhig bleiben.
        Bevor ich alles wegwerfe, warte ich auf echte Daten.
        Spuren sind nicht dasselbe wie 'enthält Krebserreger'. Clickbait.
        Zufall, dass das genau jetzt kommt, wo {competitor} die neue Serie launcht 🤔
        Ich verteidige {brand} nicht, aber der Artikel ist dünn.
    """),
    "fr_relief": _t("""
        pos:: {brand} hat alle Laborwerte veröffentlicht. Weit unter dem Grenzwert. Erleichtert.
        pos:: Endlich eine klare Antwort von {brand}.
        pos:: Okay, dann benutze ich mein Shampoo weiter.
        neu:: Ich will trotzdem unabhängige Tests, aber die Stellungnahme hilft.
        neu:: Also lag das Magazin falsch? Gut zu wissen.
    """),
    "st_ctag": _t("#SturmYlva\n#SkylarkAir"),
    "st_complaint": _t("""
        cancellation:: {handle} Flug {flight} nach {city} gestrichen, keine Mail, keine SMS. Am Gate erfahren.
        staff:: Am {brand}-Schalter in {city} stehen 300 Leute und es gibt ZWEI Mitarbeiter. {handle}
        booking:: Seit {hours} Stunden in der Warteschleife bei {brand}. {ctag}
        baggage:: Flug gestrichen, Koffer aufgegeben und nie zurückbekommen. Danke {handle}
        compensation:: {handle} ein 12-€-Essensgutschein für 9 Stunden Warten. Im Ernst?
        cancellation:: Heute Nacht schlafe ich dank {brand} auf dem Boden am Flughafen {city} {ctag}
    """),
    "st_question": _t("""
        cancellation:: {handle} findet {flight} nach {city} morgen früh statt?
        booking:: {handle} Flug gestrichen, wie buche ich um, ohne anzurufen?
        refund:: {handle} bekomme ich das ganze Geld zurück, wenn ich nicht umbuche?
        compensation:: {handle} zahlt ihr heute Nacht das Hotel?
        baggage:: {handle} wo hole ich meinen Koffer vom gestrichenen Flug {flight} ab?
    """),
    "st_request": _t("""
        booking:: {handle} bucht mich bitte auf den ersten Flug nach {city} um, Buchung {booking}
        refund:: {handle} ich will eine Erstattung für {flight}, Buchung {booking}. Keinen Gutschein.
        compensation:: {handle} bitte besorgt mir ein Hotel, ich habe zwei Kinder dabei
        baggage:: {handle} schickt meinen Koffer von Flug {flight} bitte nach Hause
        booking:: {handle} ruft mich bitte zurück, Buchung {booking}
    """),
    "st_dm": _t("""
        booking:: Hallo, Buchung {booking}. Flug {flight} nach {city} wurde gestrichen. Könnt ihr mich auf den nächsten freien Flug umbuchen?
        refund:: Guten Tag, ich beantrage die volle Erstattung der Buchung {booking}, Flug {flight} gestrichen.
        baggage:: Hallo, Gepäckanhänger {bagtag}, Flug {flight} gestrichen, meinen Koffer habe ich nie zurückbekommen. Wo ist er?
        compensation:: Hallo, ich habe gestern das Hotel nach der Streichung von Flug {flight} selbst bezahlt. Wie bekomme ich das erstattet?
    """),
    "st_followup": _t("""
        {handle} warte immer noch auf eine Antwort. Seit {hours} Stunden.
        {handle} ich frage nochmal: Buchung {booking}. Ist da jemand?
        {handle} hab euch {n} DMs geschrieben. Nichts.
    """),
    "st_followup_dm": _t("""
        Hallo? Ich warte immer noch.
        Gibt es Neuigkeiten zur Buchung {booking}?
        Bitte, ich brauche heute eine Antwort.
    """),
    "st_thanks": _t("""
        pos:: Endlich {handle} erreicht, auf morgen umgebucht. Danke an die unglaublich geduldige Mitarbeiterin
        pos:: Großes Lob an das {brand}-Team in {city}, um 2 Uhr nachts Wasser und Decken verteilt
        neu:: Umgebucht. Zwei Tage später, aber immerhin geklärt {handle}
    """),
    "st_agent": _t("""
        Das tut uns sehr leid, {first}. Sturm Ylva hat viele Flüge ausfallen lassen. Schick uns deinen Buchungscode per DM, wir helfen beim Umbuchen.
        Hallo {first}, du kannst kostenlos umbuchen oder eine Erstattung beantragen: {site}
        Hallo {first}, sorry für die Wartezeit. Wir haben dir eine DM geschickt.
    """),
    "st_agent_dm": _t("""
        Hallo {first}, danke für deine Geduld. Ich habe dich auf {flight} morgen um 09:40 umgebucht, neue Buchung {booking}.
        Hallo {first}, ich habe die volle Erstattung auf dein ursprüngliches Zahlungsmittel veranlasst, das kann 7 Tage dauern.
        Hallo {first}, dein Koffer wurde gefunden und wird innerhalb von 48 Stunden geliefert.
    """),
    "wa_ctag": _t("#AureliaSilk"),
    "wa_incident": _t("""
        Hat {brand} die Rezeptur vom Silk geändert? Die neue Flasche riecht ganz anders
        {handle} mit der neuen Formel sind meine Haare nach einem Tag fettig. Was habt ihr geändert?
        Schäumt das neue Silk bei euch auch nicht mehr?
        {handle} bitte bringt die alte Formel zurück 😩
        Neue Formel und meine Kopfhaut juckt wieder {handle}
        Hab das Shampoo jahrelang geliebt, aber die neue Version… nein.
    """),
}
ARTICLES["de"] = {
    "lead": _t("""
        Das Unternehmen bestätigte die Nachricht am Montag in einer Mitteilung.
        Analysten sehen darin ein Zeichen für den wachsenden Wettbewerb in der Branche.
        Weitere Einzelheiten werden noch in diesem Monat erwartet.
    """),
    "fr_report": _t("""
        Magazin: Möglicherweise krebserregender Stoff in Aurelia Silk Shampoo || Laut dem Magazin Weekly Lens fanden Labortests Spuren von 1,4-Dioxan in drei Chargen des Aurelia Silk Shampoos. Das Unternehmen hat sich bisher nicht geäußert.
    """),
    "fr_statement": _t("""
        Aurelia weist Vorwürfe zurück und veröffentlicht Laborwerte || Laut Aurelia zeigen unabhängige Tests 1,4-Dioxan-Werte weit unter den EU-Grenzwerten; besorgte Kunden erhalten ihr Geld zurück.
    """),
    "st_storm": _t("""
        Sturm Ylva legt Hunderte Flüge in Nordeuropa lahm || Skylark Air strich am Montag mehr als 300 Flüge, in Amsterdam, Kopenhagen und Helsinki gab es Böen bis 140 km/h. Tausende Passagiere saßen über Nacht fest.
    """),
    "st_ceo": _t("""
        Skylark-Air-Chef entschuldigt sich bei gestrandeten Passagieren || Der Vorstandschef entschuldigte sich für lange Wartezeiten und fehlende Informationen während Sturm Ylva und sagte die Übernahme von Hotel- und Verpflegungskosten zu.
    """),
}
THREADS["de"] = {
    "fr_statement": _t("""
        Stellungnahme zum Aurelia Silk Shampoo und zum heutigen Artikel. || Eure Sicherheit steht an erster Stelle. Unabhängige Labore haben alle Chargen der letzten 24 Monate getestet: Die 1,4-Dioxan-Werte liegen weit unter den EU-Grenzwerten. || Alle Laborberichte und die Chargenliste: {site} || Wer besorgt ist, bekommt sein Geld für jedes Aurelia Silk Produkt zurück, auch ohne Kassenbon.
    """),
    "st_alert": _t("""
        Reisehinweis: Sturm Ylva beeinträchtigt heute Flüge von und nach Amsterdam, Kopenhagen und Helsinki. || Wenn dein Flug gestrichen wurde, kannst du unter {site} kostenlos umbuchen oder eine Erstattung beantragen.
    """),
    "st_ceo": _t("""
        Eine Nachricht unseres CEO an alle, die von Sturm Ylva betroffen sind. || Gestern haben wir viele von euch enttäuscht: Ihr habt stundenlang ohne klare Informationen gewartet. Das tut mir leid. || Hotel-, Verpflegungs- und Transportkosten erstatten wir allen Betroffenen: {site}
    """),
}

# ---------------------------------------------------------------------------------------
# Portuguese (Brazilian)
# ---------------------------------------------------------------------------------------
TALK["pt"] = {
    "open": _t("Gente.\nOlha só.\nSério.\nAff.\nBom.\nEnfim."),
    "close": _t("kkkk\nsério\nné\naffs\nsocorro\nrs"),
    "pos": _t("😍\n👏\n💜\n✨\n🙌\n😊"),
    "neg": _t("😡\n🙄\n😤\n😞\n👎\n🤦‍♀️"),
    "neu": _t("🤔\n👀\n🤷\n😅"),
    "time": _t("hoje\nhoje cedo\nhoje à noite\nontem\nessa semana"),
    "friend": _t("minha irmã\numa amiga\nminha mãe\nminha colega\nmeu namorado\nminha prima"),
    "place": _t("São Paulo\nRio de Janeiro\nLisboa\nPorto\nBelo Horizonte\nCuritiba\nRecife"),
}
PEOPLE["pt"] = {
    "first": _t(
        """
        Ana Maria Juliana Fernanda Camila Beatriz Larissa Gabriela João Pedro Lucas Gabriel
        Rafael Bruno Thiago Mateus Felipe Mariana Letícia Rodrigo Vanessa
    """.replace(" ", "\n")
    ),
    "last": _t(
        """
        Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro
        Martins Carvalho Almeida Lopes Sousa Fernandes Barbosa
    """.replace(" ", "\n")
    ),
    "bio": _t("""
        Café, praia e boas histórias
        Mãe, professora e corredora
        Cabeleireira ✂️ agenda pelo direct
        Viajar é preciso ✈️
        Opiniões minhas.
        Flamenguista e feliz
    """),
}
FRAMES["pt"] = {
    "complaint": _t("""
        {handle} {issue}. Que decepção.
        Sério, {brand}? {Issue}.
        {Issue} e ninguém me responde. {handle}
        Cansei da {brand}: {issue}.
        {Issue}. Obrigada por nada, {handle}
        Só acontece comigo? {Issue}. {tag}
        Eu amava a {brand}, mas {issue}.
    """),
    "question": _t("""
        {handle} {ask}
        Pergunta pra {handle}: {ask}
        Alguém sabe? {Ask}
        {Ask} É pra {friend}.
        Oi {handle}, {ask}
        {Ask} {tag}
        {handle} bom dia! {Ask} Obrigado desde já.
    """),
    "request": _t("""
        {handle} por favor, podem {need}?
        {handle} vocês conseguem {need}?
        Oi {handle}, tem como {need}?
        {handle} alguém da equipe pode {need}? Minha DM está aberta.
        {handle} de novo: por favor, podem {need}?
        {handle} seria possível {need}?
        {brand}, tem como {need}? {tag}
    """),
    "praise": _t("""
        {Good}. Obrigada {handle}!
        Preciso falar: {good}.
        {Good} {tag}
        {handle} {good}. Vocês salvaram meu dia!
        Não é publi, {good}.
        {Good}. Arrasou, {brand} 👏
    """),
    "mention": _t("""
        {Say}.
        {Say}, depois conto.
        {Say} {tag}
        {Say}. Vamos ver.
        Enfim, {say}.
        {Say} kkkk
        {Say}. Alguma dica?
    """),
    "share": _t("""
        {headline} {url}
        Interessante: {headline} {url}
        Viram isso? {headline} {url}
        {headline}. O que vocês acham? {url}
        {headline} 👀 {url}
        Lendo agora: {headline} {url}
    """),
    "chatter": _t("""
        Segunda-feira. Terceiro café e nem deu dez horas
        pos:: Finalmente sol em {place} ☀️
        neg:: Trânsito parado de novo, socorro
        Quem vai ver o jogo hoje?
        pos:: Fiz feijoada hoje e ficou perfeita
        neg:: Gripada bem antes do feriado, claro
        pos:: Plano do fim de semana: fazer absolutamente nada
        Me indiquem séries, já vi tudo
    """),
    "dm": _t("""
        Oi, {issue}. Vocês podem me ajudar?
        Olá, uma dúvida: {ask}
        Oi, vocês podem {need}? Obrigada
        Olá, estou escrevendo porque {issue}.
        Bom dia, {issue}. O que eu faço?
    """),
    "reply_neg": _t("""
        Aconteceu comigo também
        Que vergonha, sério
        Força, espero que resolvam logo
        Por isso parei de comprar
        Mesma coisa semana passada
    """),
    "reply_neu": _t("""
        Já mandou DM pra eles?
        Acompanhando, também quero saber
        Boa pergunta
        Comprou onde?
        Depende da loja, acho
    """),
    "reply_pos": _t("""
        Amei!
        Concordo demais 👏
        Também amo
        Boa, valeu pela dica
        Parabéns!
    """),
    "quote": _t("Isso 👇\nVale a leitura\nkkkk verdade\nAtenção nisso"),
}
DOMAIN["pt"] = {
    "care": {
        "brand": _t("Aurelia"),
        # With the article; the clauses never put a preposition in front of it.
        "product": _t("o xampu Aurelia Silk\no condicionador Aurelia Silk\na máscara Silk Repair"),
        "shampoo": _t("o xampu Aurelia Silk"),
        "competitor": _t("Velora"),
        "tag": _t("#AureliaSilk\n#Aurelia"),
        "store": _t("na farmácia\nno mercado\nna drogaria\nno site"),
        "issue": _t("""
            a válvula quebrou em dois dias
            {product} deixou meu couro cabeludo coçando
            o frasco chegou pela metade
            {product} ficou mais caro e o frasco diminuiu
            desde que comecei a usar {product} meu cabelo está mais seco
            o SAC não responde nunca
            estou esperando o reembolso há uma semana
            {product} deixa meu cabelo oleoso já no almoço
        """),
        "ask": _t("""
            {product} serve pra cabelo com química?
            posso usar {product} na gravidez?
            {product} ou {competitor} pra raiz oleosa?
            tem {product} {store}?
            {product} tem silicone?
            como sei se meu frasco é original?
            vocês mudaram a fórmula?
        """),
        "need": _t("""
            me enviar um frasco novo
            verificar o status do meu pedido
            me reembolsar o pedido
            responder minha DM
            recuperar meus pontos
            me mandar a amostra prometida
        """),
        "good": _t("""
            {product} finalmente acabou com o frizz
            {product} tem um cheiro maravilhoso
            o SAC trocou meu frasco em um dia
            meu cabelo nunca ficou tão macio
            {product} não irrita meu couro cabeludo sensível
            {product} é muito melhor que {competitor}
        """),
        "say": _t("""
            acabei de comprar {product} {store}
            testando {product} pela primeira vez
            {friend} só usa {product}
            alternando {brand} e {competitor} este mês
            {product} está em promoção {store}
            {product} acabou aqui em casa
            a {brand} mudou o frasco
        """),
        "headline": _t("""
            {brand} vai abrir nova fábrica na Lombardia
            {brand} Silk agora em frascos recicláveis
            {brand} e {competitor} disputam o mercado de xampu premium
            Vendas da {brand} crescem 20% na Ásia
        """),
        "reply": _t("""
            Oi {first}, sentimos muito. Pode nos mandar o número do pedido por DM?
            Obrigada pelo aviso, {first}! Já te chamamos na DM.
            Oi {first}, nossa equipe vai entrar em contato hoje.
            Oi {first}, os pontos de venda estão em {site}
        """),
        "thanks": _t("""
            Muito obrigada, {first}! 💜
            Que alegria ler isso, {first}! Obrigada por compartilhar.
        """),
        "promo": _t("""
            Novidade: {product} em frasco 100% reciclável ♻️ {site} {tag}
            Dica da semana: enxágue com água fria pra mais brilho ✨ {tag}
            Sorteio: um ano de produtos {brand}! Compartilhe e siga pra participar {tag}
        """),
    },
    "air": {
        "brand": _t("Skylark Air\nSkylark"),
        "competitor": _t("Nimbus Air"),
        "tag": _t("#SkylarkAir\n#viagem"),
        "city": _t("Amsterdã\nCopenhague\nHelsinque\nMilão\nBarcelona\nLisboa\nParis\nBerlim"),
        "issue": _t("""
            meu voo {flight} pra {city} está {hours} horas atrasado e ninguém informa nada
            vocês perderam minha mala no voo {flight}
            o app trava toda vez que tento fazer check-in
            estou há mais de uma hora esperando no telefone
            vocês me cobraram duas vezes o mesmo assento
            perdi a conexão em {city} por causa do atraso
            só um balcão de check-in aberto, fila enorme
        """),
        "ask": _t("""
            posso levar duas bagagens de mão no voo {flight}?
            o voo {flight} pra {city} está no horário?
            como incluo uma mala despachada depois da compra?
            posso mudar o nome na reserva {booking}?
            quando abre o check-in online?
            posso viajar com meu gato na cabine?
        """),
        "need": _t("""
            verificar por que a reserva {booking} não aparece no app
            me reembolsar o assento cobrado duas vezes
            achar minha mala do voo {flight}
            me ligar sobre a reserva {booking}
            me colocar num voo mais cedo pra {city}
            me mandar a nota fiscal da reserva {booking}
        """),
        "good": _t("""
            a tripulação do voo {flight} foi incrível
            pousamos em {city} vinte minutos antes
            com o app novo o check-in ficou rapidíssimo
            acharam minha mala em um dia
            me remarcaram em cinco minutos no balcão
            pontual, avião limpo e equipe simpática
        """),
        "say": _t("""
            voando de {brand} pra {city} amanhã
            comprei o voo {flight} pra {city} pro feriado
            primeira vez voando de {brand}
            comparando {brand} e {competitor} pra ir a {city}
            no portão esperando o voo {flight}
            a {brand} está com promoção pra {city}
        """),
        "headline": _t("""
            {brand} lança novas rotas de verão para {city}
            {brand} encomenda vinte novos aviões
            {brand} é a companhia mais pontual de janeiro
            {brand} vai cobrar bagagem de mão na tarifa básica
        """),
        "reply": _t("""
            Oi {first}, pedimos desculpas pelo transtorno. Pode enviar o código da reserva por DM?
            Oi {first}, sentimos muito. Vamos verificar agora, chama a gente na DM.
            Oi {first}, você pode gerenciar sua reserva em {site}
            Obrigado pela mensagem, {first}. Um agente vai te responder por DM em breve.
        """),
        "thanks": _t("""
            Obrigado, {first}! Que bom ler isso ✈️
            Valeu, {first}! Vamos passar pra tripulação 💙
        """),
        "promo": _t("""
            Novas rotas de verão para {city}! {site}
            Dica: faça o check-in no app 24 horas antes e fuja da fila ✈️
            Promoção relâmpago: voos para {city} a partir de R$ 199 até domingo {site}
        """),
    },
}
EVENT["pt"] = {
    "fr_ctag": _t("#AureliaGate\n#Aurelia"),
    "fr_top": _t("""
        URGENTE: segundo a revista Weekly Lens, testes de laboratório encontraram 1,4-dioxano, possível cancerígeno, no xampu Aurelia Silk. A {brand} ainda não se pronunciou. {article_url}
    """),
    "fr_share": _t("""
        Sério que {shampoo} tem substância cancerígena?? {article_url}
        Acabei de ler isso e joguei {shampoo} fora. {article_url}
        Quem usa {shampoo} precisa ler isso {article_url}
        A {brand} tem muito a explicar. {article_url} {ctag}
        Dioxano no xampu?! Uso há anos {article_url}
        Compartilhando pra todo mundo ver {article_url}
    """),
    "fr_fear": _t("""
        {handle} {shampoo} é seguro ou não?
        Paro de usar agora? Tô com medo de verdade
        Usei no meu bebê. É perigoso?? {handle}
        {handle} quais lotes foram afetados?
        É só o xampu ou a linha toda da {brand}?
        {handle} por que vocês não falam nada? É seguro?
    """),
    "fr_anger": _t("""
        Inacreditável. Confiava na {brand} há dez anos. {ctag}
        Nunca mais {brand}. Nunca.
        Horas depois da matéria e a {brand} calada. Vergonha.
        {handle} vocês devem uma explicação a todos os clientes. Agora.
        Devolvi todos os meus produtos {brand} hoje.
        Que nojo, eu usava todo dia {ctag}
    """),
    "fr_request": _t("""
        {handle} publiquem os resultados dos testes. Todos.
        {handle} recolham o xampu até provarem que é seguro.
        {handle} quero reembolso de todos os frascos.
        {handle} digam quais lotes foram afetados.
        {handle} soltem um comunicado hoje, as pessoas estão com medo.
    """),
    "fr_skeptic": _t("""
        Leiam a matéria: fala em 'traços' de dioxano, que existem em vários produtos. Calma.
        Antes de jogar tudo fora, vou esperar dados de verdade.
        Traços não é o mesmo que 'contém cancerígeno'. Manchete sensacionalista.
        Engraçado sair justo quando a {competitor} lança a linha nova 🤔
        Não tô defendendo a {brand}, mas a matéria é fraca.
    """),
    "fr_relief": _t("""
        pos:: A {brand} publicou todos os testes. Bem abaixo do limite. Que alívio.
        pos:: Finalmente uma resposta clara da {brand}.
        pos:: Beleza, vou continuar usando meu xampu.
        neu:: Ainda quero testes independentes, mas o comunicado ajuda.
        neu:: Então a revista errou? Bom saber.
    """),
    "st_ctag": _t("#tempestadeYlva\n#SkylarkAir"),
    "st_complaint": _t("""
        cancellation:: {handle} voo {flight} pra {city} cancelado e nenhum e-mail nem SMS. Descobri no portão.
        staff:: No balcão da {brand} em {city} tem 300 pessoas na fila e DOIS funcionários. {handle}
        booking:: {hours} horas esperando no telefone da {brand}. {ctag}
        baggage:: Voo cancelado, malas despachadas e ninguém devolve. Obrigada {handle}
        compensation:: {handle} voucher de 12 € pra 9 horas de espera. Sério?
        cancellation:: Hoje vou dormir no chão do aeroporto de {city} graças à {brand} {ctag}
    """),
    "st_question": _t("""
        cancellation:: {handle} o voo {flight} pra {city} amanhã cedo vai sair?
        booking:: {handle} meu voo foi cancelado, como remarco sem ligar?
        refund:: {handle} se eu não remarcar, recebo reembolso total?
        compensation:: {handle} vocês pagam o hotel hoje?
        baggage:: {handle} onde retiro a mala do voo {flight} cancelado?
    """),
    "st_request": _t("""
        booking:: {handle} me coloquem no primeiro voo pra {city}, reserva {booking}
        refund:: {handle} quero reembolso do voo {flight}, reserva {booking}. Não quero voucher.
        compensation:: {handle} arrumem um hotel pra mim, estou com duas crianças
        baggage:: {handle} mandem minha mala do voo {flight} pra minha casa
        booking:: {handle} me liguem por favor, reserva {booking}
    """),
    "st_dm": _t("""
        booking:: Olá, reserva {booking}. O voo {flight} pra {city} foi cancelado. Podem me remarcar no próximo voo disponível?
        refund:: Olá, peço o reembolso total da reserva {booking}, voo {flight} cancelado.
        baggage:: Olá, etiqueta da mala {bagtag}, voo {flight} cancelado e nunca recebi a mala de volta. Onde está?
        compensation:: Olá, ontem paguei o hotel do meu bolso depois do cancelamento do voo {flight}. Como peço reembolso?
    """),
    "st_followup": _t("""
        {handle} ainda esperando resposta. Já são {hours} horas.
        {handle} perguntando de novo: reserva {booking}. Tem alguém aí?
        {handle} mandei {n} DMs. Nada.
    """),
    "st_followup_dm": _t("""
        Oi? Continuo esperando.
        Alguma novidade da reserva {booking}?
        Por favor, preciso de uma resposta hoje.
    """),
    "st_thanks": _t("""
        pos:: Finalmente consegui falar com o atendimento {handle}, remarcada pra amanhã. Obrigada à atendente, muito paciente
        pos:: Parabéns à equipe da {brand} em {city}, distribuindo água e cobertores às 2 da manhã
        neu:: Remarcado. Dois dias depois, mas pelo menos resolveu {handle}
    """),
    "st_agent": _t("""
        Sentimos muito, {first}. A tempestade Ylva cancelou muitos voos. Manda o código da reserva por DM que a gente te ajuda.
        Oi {first}, você pode remarcar sem custo ou pedir reembolso em {site}
        Oi {first}, desculpa a demora. Te chamamos na DM.
    """),
    "st_agent_dm": _t("""
        Oi {first}, obrigado pela paciência. Remarquei você no voo {flight} de amanhã às 09:40, nova reserva {booking}.
        Oi {first}, solicitei o reembolso total na forma de pagamento original, pode levar 7 dias.
        Oi {first}, sua mala foi localizada e será entregue em até 48 horas.
    """),
    "wa_ctag": _t("#AureliaSilk"),
    "wa_incident": _t("""
        A {brand} mudou a fórmula do Silk? O frasco novo tem outro cheiro
        {handle} com a fórmula nova meu cabelo fica oleoso em um dia. O que mudaram?
        Só eu acho que o Silk novo não faz mais espuma?
        {handle} voltem com a fórmula antiga 😩
        Fórmula nova reprovada, meu couro cabeludo voltou a coçar {handle}
        Amava esse xampu, mas a versão nova… não.
    """),
}
ARTICLES["pt"] = {
    "lead": _t("""
        A empresa confirmou a notícia em comunicado na segunda-feira.
        Segundo analistas, a decisão reflete a concorrência crescente no setor.
        Mais detalhes devem ser divulgados até o fim do mês.
    """),
    "fr_report": _t("""
        Revista aponta 'possível cancerígeno' em xampu Aurelia Silk || Segundo a revista Weekly Lens, testes de laboratório encontraram traços de 1,4-dioxano em três lotes do xampu Aurelia Silk. A empresa ainda não se pronunciou.
    """),
    "fr_statement": _t("""
        Aurelia nega acusação e divulga testes || A empresa diz que testes independentes encontraram níveis de 1,4-dioxano muito abaixo dos limites da UE e oferece reembolso.
    """),
    "st_storm": _t("""
        Tempestade Ylva cancela centenas de voos no norte da Europa || A Skylark Air cancelou mais de 300 voos na segunda-feira, com rajadas de até 140 km/h em Amsterdã, Copenhague e Helsinque. Milhares de passageiros passaram a noite no aeroporto.
    """),
    "st_ceo": _t("""
        CEO da Skylark Air pede desculpas aos passageiros || O executivo se desculpou pelas longas esperas e pela falta de informação durante a tempestade Ylva e prometeu cobrir hotel e refeições.
    """),
}
THREADS["pt"] = {
    "fr_statement": _t("""
        Comunicado sobre o xampu Aurelia Silk e a matéria publicada hoje. || Sua segurança vem em primeiro lugar. Laboratórios independentes testaram todos os lotes vendidos nos últimos 24 meses: os níveis de 1,4-dioxano estão muito abaixo dos limites da UE. || Laudos completos e lista de lotes: {site} || Se estiver preocupado, reembolsamos qualquer produto Aurelia Silk, sem nota fiscal.
    """),
    "st_alert": _t("""
        Aviso: a tempestade Ylva está afetando voos de e para Amsterdã, Copenhague e Helsinque. || Se seu voo foi cancelado, remarque sem custo ou peça reembolso em {site}
    """),
    "st_ceo": _t("""
        Uma mensagem do nosso CEO a todos os afetados pela tempestade Ylva. || Ontem decepcionamos muitos de vocês: esperaram horas sem informação clara. Peço desculpas. || Vamos reembolsar hotel, refeições e transporte de todos os passageiros afetados: {site}
    """),
}

# ---------------------------------------------------------------------------------------
# Arabic (Modern Standard with the Gulf colloquial people tweet in)
# ---------------------------------------------------------------------------------------
TALK["ar"] = {
    "open": _t("والله،\nيا جماعة،\nبصراحة،\nأف،\nسبحان الله،\nطيب،"),
    "close": _t("😂\nوالله\n🤦‍♀️\nللأسف\nالله يعين\nحسبي الله"),
    "pos": _t("😍\n👏\n💜\n✨\n🙌\n😊"),
    "neg": _t("😡\n🙄\n😤\n😞\n💔\n🤦‍♀️"),
    "neu": _t("🤔\n👀\n🤷\n😅"),
    "time": _t("اليوم\nالصبح\nالليلة\nأمس\nهذا الأسبوع"),
    # Feminine only, so "{friend} ما تستخدم" agrees.
    "friend": _t("أختي\nصديقتي\nأمي\nزميلتي\nبنت خالتي"),
    "place": _t("الرياض\nجدة\nدبي\nالقاهرة\nعمّان\nالدوحة\nالكويت\nالدار البيضاء"),
}
PEOPLE["ar"] = {
    "first": _t(
        """
        محمد|mohammed أحمد|ahmed عبدالله|abdullah خالد|khaled عمر|omar يوسف|yousef علي|ali
        فهد|fahad سارة|sara نورة|noura فاطمة|fatima مريم|maryam ريم|reem هند|hind ليلى|layla
        دانة|dana سلمان|salman ناصر|nasser هيا|haya لمى|lama جود|joud رنا|rana
    """.replace(" ", "\n")
    ),
    "last": _t(
        """
        العتيبي|alotaibi الحربي|alharbi القحطاني|alqahtani الشمري|alshammari الدوسري|aldosari
        المطيري|almutairi الزهراني|alzahrani الغامدي|alghamdi حداد|haddad خليل|khalil
        منصور|mansour سعيد|saeed الهاشمي|alhashimi النجار|alnajjar عيسى|issa
    """.replace(" ", "\n")
    ),
    "bio": _t("""
        أحب القهوة والسفر ☕
        أم لطفلين | معلمة
        مهندس برمجيات
        الحمد لله دائماً وأبداً
        مصورة هاوية 📷
        رياضة وقهوة وكتب
    """),
}
FRAMES["ar"] = {
    "complaint": _t("""
        {handle} {issue}. خيبة أمل حقيقية
        بجد يا {brand}؟ {issue}
        {issue} ولا أحد يرد علي. {handle}
        طفح الكيل من {brand}: {issue}
        {issue}. شكراً على لا شيء {handle}
        هل يحدث هذا مع أحد غيري؟ {issue} {tag}
        كنت أحب {brand} لكن {issue}
    """),
    "question": _t("""
        {handle} {ask}
        سؤال إلى {handle}: {ask}
        أحد يعرف؟ {ask}
        {ask} أسأل لأجل {friend}
        مرحبا {handle}، {ask}
        {ask} {tag}
        {handle} السلام عليكم، {ask} وشكراً مقدماً
    """),
    "request": _t("""
        {handle} أرجو {need}
        {handle} هل يمكنكم {need}؟
        {handle} نرجو منكم {need} في أقرب وقت
        {handle} هل يستطيع أحد من فريقكم {need}؟ الرسائل الخاصة مفتوحة
        للمرة الثانية: {handle} أرجو {need}
        {handle} من فضلكم {need} {tag}
    """),
    "praise": _t("""
        {good}. شكراً {handle}!
        لازم أقولها: {good}
        {good} {tag}
        {handle} {good}. أسعدتم يومي!
        مو إعلان، بس {good}
        {good}. أحسنتم يا {brand} 👏
    """),
    "mention": _t("""
        {say}
        {say}، وبعدين أخبركم
        {say} {tag}
        {say}. نشوف
        المهم، {say}
        {say} 😂
        {say}. أي نصيحة؟
    """),
    "share": _t("""
        {headline} {url}
        خبر مهم: {headline} {url}
        شفتوا هذا؟ {headline} {url}
        {headline}. وش رأيكم؟ {url}
        {headline} 👀 {url}
        للقراءة: {headline} {url}
    """),
    "chatter": _t("""
        يوم الاثنين مرة ثانية، ثالث قهوة والساعة ما صارت عشرة
        pos:: أخيراً الجو حلو في {place} ☀️
        neg:: الزحمة اليوم ما تنطاق
        مين بيتابع المباراة الليلة؟
        pos:: سويت كبسة اليوم وطلعت خيال
        neg:: زكام قبل الإجازة بيوم، كالعادة
        pos:: خطة نهاية الأسبوع: ولا شيء
        اقترحوا علي مسلسل، خلصت كل شيء
    """),
    "dm": _t("""
        مرحبا، {issue}. ممكن تساعدوني؟
        السلام عليكم، عندي سؤال: {ask}
        مرحبا، هل يمكنكم {need}؟ شكراً
        مرحبا، عندي مشكلة: {issue}
        صباح الخير، {issue}. وش أسوي؟
    """),
    "reply_neg": _t("""
        نفس الشيء صار معي
        عيب والله
        الله يعينك، إن شاء الله تنحل قريب
        عشان كذا وقفت أشتري منهم
        صار معي الأسبوع الماضي
    """),
    "reply_neu": _t("""
        راسلتهم خاص؟
        متابعة، أبي أعرف بعد
        سؤال حلو
        من وين شريته؟
        يعتمد على المحل أظن
    """),
    "reply_pos": _t("""
        روعة!
        أتفق تماماً 👏
        وأنا بعد أحبه
        حلو، شكراً على المعلومة
        مبروك!
    """),
    "quote": _t("هذا 👇\nيستحق القراءة\n😂 صح\nانتبهوا"),
}
DOMAIN["ar"] = {
    "care": {
        "brand": _t("أوريليا"),
        "product": _t("شامبو أوريليا سيلك\nبلسم أوريليا سيلك\nماسك سيلك ريبير"),
        "shampoo": _t("شامبو أوريليا سيلك"),
        "competitor": _t("فيلورا"),
        "tag": _t("#أوريليا\n#AureliaSilk"),
        "store": _t("في الصيدلية\nفي السوبرماركت\nأونلاين"),
        "issue": _t("""
            المضخة انكسرت بعد يومين
            {product} سبب لي حكة في فروة الرأس
            العبوة وصلت نصها فاضي
            سعر {product} زاد والعبوة صغرت
            من يوم ما استخدمت {product} وشعري ناشف
            خدمة العملاء ما ترد أبداً
            أنتظر استرداد المبلغ من أسبوع
        """),
        "ask": _t("""
            هل {product} مناسب للشعر المصبوغ؟
            هل يمكن استخدام {product} أثناء الحمل؟
            أيهما أفضل للشعر الدهني، {product} أو {competitor}؟
            هل {product} متوفر {store}؟
            هل يحتوي {product} على سيليكون؟
            كيف أعرف إذا العبوة أصلية؟
            هل غيرتوا التركيبة؟
        """),
        "need": _t("""
            إرسال عبوة بديلة لي
            متابعة حالة طلبي
            استرجاع مبلغ الطلب
            الرد على رسالتي الخاصة
            إرجاع نقاط الولاء الخاصة بي
            إرسال العينة المجانية الموعودة
        """),
        "good": _t("""
            {product} أخيراً خلّص شعري من الهيشان
            ريحة {product} تجنن
            خدمة العملاء بدلوا العبوة خلال يوم
            شعري عمره ما كان بهالنعومة
            {product} لطيف على فروة رأسي الحساسة
            {product} أفضل بكثير من {competitor}
        """),
        "say": _t("""
            اشتريت {product} اليوم
            أجرب {product} لأول مرة
            {friend} ما تستخدم إلا {product}
            أبدل بين {brand} و{competitor} هالشهر
            {product} عليه عرض {store}
            خلص {product} عندي
            {brand} غيرت شكل العبوة
        """),
        "headline": _t("""
            {brand} تفتتح مصنعاً جديداً في لومبارديا
            {brand} سيلك بعبوات قابلة لإعادة التدوير
            منافسة بين {brand} و{competitor} على سوق الشامبو الفاخر
            مبيعات {brand} في آسيا ترتفع 20%
        """),
        "reply": _t("""
            مرحباً {first}، نعتذر جداً عن ذلك. هل يمكنك إرسال رقم الطلب في رسالة خاصة؟
            شكراً على التنبيه يا {first}! سنتواصل معك في الخاص.
            مرحباً {first}، سيتواصل معك فريقنا اليوم.
            مرحباً {first}، تجد نقاط البيع على {site}
        """),
        "thanks": _t("""
            شكراً جزيلاً يا {first}! 💜
            سعدنا جداً بكلامك يا {first}، شكراً على المشاركة.
        """),
        "promo": _t("""
            جديد: {product} بعبوة قابلة لإعادة التدوير 100% ♻️ {site} {tag}
            نصيحة الأسبوع: اشطفي شعرك بماء بارد لمزيد من اللمعان ✨ {tag}
            اربح منتجات {brand} لمدة سنة! أعد النشر وتابعنا للمشاركة {tag}
        """),
    },
    "air": {
        "brand": _t("سكاي لارك\nطيران سكاي لارك"),
        "competitor": _t("طيران نيمبوس"),
        "tag": _t("#سكاي_لارك\n#SkylarkAir"),
        "city": _t("أمستردام\nكوبنهاغن\nهلسنكي\nميلانو\nبرشلونة\nباريس\nبرلين\nدبي"),
        "issue": _t("""
            رحلتي {flight} إلى {city} متأخرة أكثر من ساعتين وما أحد يعطينا أي معلومة
            ضيعتوا شنطتي في الرحلة {flight}
            التطبيق يعلق كل ما أحاول أسجل للرحلة
            صار لي أكثر من ساعة أنتظر على الهاتف
            خصمتوا مني قيمة المقعد مرتين
            فاتتني رحلة الربط في {city} بسبب تأخيركم
            كاونتر واحد بس مفتوح والطابور طويل
        """),
        "ask": _t("""
            هل أقدر آخذ شنطتين يد على الرحلة {flight}؟
            هل الرحلة {flight} إلى {city} في موعدها؟
            كيف أضيف شنطة شحن بعد الحجز؟
            هل أقدر أغير الاسم في الحجز {booking}؟
            متى يفتح تسجيل الوصول أونلاين؟
            هل أقدر أسافر مع قطتي في المقصورة؟
        """),
        "need": _t("""
            التحقق من سبب عدم ظهور الحجز {booking} في التطبيق
            استرجاع قيمة المقعد المخصومة مرتين
            البحث عن شنطتي من الرحلة {flight}
            الاتصال بي بخصوص الحجز {booking}
            نقلي إلى رحلة أبكر إلى {city}
            إرسال فاتورة الحجز {booking}
        """),
        "good": _t("""
            طاقم الرحلة {flight} كانوا رائعين
            وصلنا {city} قبل الموعد بعشرين دقيقة
            التطبيق الجديد خلى تسجيل الوصول سهل جداً
            لقوا شنطتي خلال يوم
            غيروا رحلتي في خمس دقايق
            في الموعد، طيارة نظيفة وطاقم لطيف
        """),
        "say": _t("""
            مسافر مع {brand} إلى {city} بكرة
            حجزت {flight} إلى {city} للإجازة
            أول مرة أسافر مع {brand}
            أقارن بين {brand} و{competitor} للسفر إلى {city}
            عند البوابة أنتظر {flight}
            {brand} عندهم عروض إلى {city}
        """),
        "headline": _t("""
            {brand} تطلق وجهات صيفية جديدة إلى {city}
            {brand} تطلب عشرين طائرة جديدة
            {brand} الأكثر التزاماً بالمواعيد في يناير
            {brand} ستفرض رسوماً على حقائب اليد في السعر الأساسي
        """),
        "reply": _t("""
            مرحباً {first}، نعتذر عن الإزعاج. هل يمكنك إرسال رقم الحجز في رسالة خاصة؟
            مرحباً {first}، نأسف جداً. سنتحقق فوراً، راسلنا على الخاص.
            مرحباً {first}، يمكنك إدارة حجزك عبر {site}
            شكراً لتواصلك يا {first}. سيرد عليك أحد موظفينا في الخاص قريباً.
        """),
        "thanks": _t("""
            شكراً {first}! سعدنا بكلامك ✈️
            شكراً {first}! سننقل كلامك للطاقم 💙
        """),
        "promo": _t("""
            وجهات صيفية جديدة إلى {city}! {site}
            نصيحة: سجل وصولك عبر التطبيق قبل 24 ساعة وتجنب الطابور ✈️
            عرض سريع: رحلات إلى {city} ابتداءً من 39 يورو حتى الأحد {site}
        """),
    },
}
EVENT["ar"] = {
    "fr_ctag": _t("#أوريليا\n#AureliaGate"),
    "fr_top": _t("""
        عاجل: مجلة ويكلي لينز تقول إن تحاليل مخبرية وجدت مادة 1,4-ديوكسان التي يحتمل أنها مسرطنة في {shampoo}، ولم تعلق {brand} بعد {article_url}
    """),
    "fr_share": _t("""
        معقول {shampoo} فيه مادة مسرطنة؟؟ {article_url}
        قريت الخبر ورميت {shampoo} فوراً {article_url}
        كل اللي يستخدمون {shampoo} لازم يقرون هذا {article_url}
        على {brand} توضيح هذا {article_url} {ctag}
        ديوكسان في الشامبو؟! أستخدمه من سنين {article_url}
        انشروا عشان الكل يشوف {article_url}
    """),
    "fr_fear": _t("""
        {handle} هل {shampoo} آمن أو لا؟
        أوقف استخدامه الحين؟ خايفة والله
        استخدمته لطفلي، هل هو خطير؟؟ {handle}
        {handle} وش الدفعات المتأثرة؟
        بس الشامبو ولا كل منتجات {brand}؟
        {handle} ليش ساكتين؟ هل هو آمن؟
    """),
    "fr_anger": _t("""
        شيء ما يصدق، أثق في {brand} من عشر سنين {ctag}
        ما عاد أشتري من {brand} أبداً
        ساعات من نشر التقرير و{brand} ساكتة، عيب
        {handle} لازم توضحون لكل العملاء، الحين
        رجعت كل منتجات {brand} اليوم
        حسبي الله، كنت أستخدمه كل يوم {ctag}
    """),
    "fr_request": _t("""
        {handle} انشروا نتائج التحاليل كاملة
        {handle} اسحبوا الشامبو من السوق لين تثبتون إنه آمن
        {handle} أبي استرجاع مبلغ كل العبوات
        {handle} قولوا لنا وش الدفعات المتأثرة
        {handle} أصدروا بيان اليوم، الناس خايفة
    """),
    "fr_skeptic": _t("""
        اقروا المقال: يتكلم عن آثار ديوكسان موجودة في منتجات كثيرة، اهدوا
        قبل ما أرمي كل شيء بنتظر بيانات حقيقية
        وجود آثار ما يعني إنه يحتوي مادة مسرطنة، عنوان مثير
        غريبة ينزل التقرير بنفس أسبوع إطلاق {competitor} منتجها الجديد 🤔
        ما أدافع عن {brand} بس المقال ضعيف
    """),
    "fr_relief": _t("""
        pos:: {brand} نشرت كل نتائج التحاليل، النسب أقل بكثير من الحد، الحمد لله
        pos:: أخيراً رد واضح من {brand}
        pos:: تمام، بكمل استخدام الشامبو
        neu:: أبي تحاليل مستقلة، بس البيان يطمن
        neu:: يعني المجلة غلطانة؟ حلو نعرف
    """),
    "st_ctag": _t("#عاصفة_يلفا\n#سكاي_لارك"),
    "st_complaint": _t("""
        cancellation:: {handle} رحلة {flight} إلى {city} ألغيت وما وصلني ولا إيميل ولا رسالة، عرفت عند البوابة
        staff:: عند كاونتر {brand} في {city} فيه 300 شخص في الطابور وموظفين اثنين بس {handle}
        booking:: صار لي ساعات أنتظر على خط {brand} {ctag}
        baggage:: الرحلة ألغيت والشنط ما رجعت لنا، شكراً {handle}
        compensation:: {handle} قسيمة أكل بـ12 يورو بعد 9 ساعات انتظار؟ جد؟
        cancellation:: الليلة بنام على أرض مطار {city} بفضل {brand} {ctag}
    """),
    "st_question": _t("""
        cancellation:: {handle} هل رحلة {flight} إلى {city} بكرة الصبح قائمة؟
        booking:: {handle} رحلتي ألغيت، كيف أغير الحجز بدون اتصال؟
        refund:: {handle} إذا ما غيرت الحجز، أسترجع المبلغ كامل؟
        compensation:: {handle} هل تتكفلون بالفندق الليلة؟
        baggage:: {handle} من وين أستلم شنطتي من رحلة {flight} الملغاة؟
    """),
    "st_request": _t("""
        booking:: {handle} أرجو نقلي لأول رحلة إلى {city}، رقم الحجز {booking}
        refund:: {handle} أبي استرجاع مبلغ رحلة {flight}، الحجز {booking}، مو قسيمة
        compensation:: {handle} أرجو توفير فندق، معي طفلين
        baggage:: {handle} أرسلوا شنطتي من رحلة {flight} لعنواني
        booking:: {handle} اتصلوا علي لو سمحتم، الحجز {booking}
    """),
    "st_dm": _t("""
        booking:: مرحبا، الحجز {booking}، رحلة {flight} إلى {city} ألغيت، أرجو تحويلي لأقرب رحلة متاحة
        refund:: السلام عليكم، أطلب استرداد كامل المبلغ للحجز {booking}، رحلة {flight} ملغاة
        baggage:: مرحبا، رقم ملصق الشنطة {bagtag}، رحلة {flight} ألغيت وما استلمت شنطتي، وين هي؟
        compensation:: مرحبا، دفعت الفندق من جيبي أمس بعد إلغاء رحلة {flight}، كيف أسترجع المبلغ؟
    """),
    "st_followup": _t("""
        {handle} لسا أنتظر رد، صار لي ساعات
        {handle} أسأل مرة ثانية: الحجز {booking}، فيه أحد؟
        {handle} راسلتكم خاص أكثر من مرة وما فيه رد
    """),
    "st_followup_dm": _t("""
        مرحبا؟ لسا أنتظر
        فيه جديد بخصوص الحجز {booking}؟
        أرجوكم أحتاج رد اليوم
    """),
    "st_thanks": _t("""
        pos:: أخيراً تواصلت مع {handle} وتم تغيير رحلتي لبكرة، شكراً للموظفة على صبرها
        pos:: شكراً لطاقم {brand} في {city}، يوزعون موية وبطانيات الساعة 2 الفجر
        neu:: تم تغيير الحجز، بعد يومين بس على الأقل انحلت {handle}
    """),
    "st_agent": _t("""
        نعتذر جداً يا {first}، العاصفة يلفا تسببت في إلغاء رحلات كثيرة. أرسل لنا رقم الحجز في الخاص وسنساعدك.
        مرحباً {first}، يمكنك تغيير الرحلة مجاناً أو طلب الاسترداد عبر {site}
        مرحباً {first}، نعتذر عن التأخير، راسلناك في الخاص.
    """),
    "st_agent_dm": _t("""
        مرحباً {first}، شكراً لصبرك. تم نقلك إلى رحلة {flight} غداً الساعة 09:40، رقم الحجز الجديد {booking}.
        مرحباً {first}، طلبنا استرداد كامل المبلغ إلى وسيلة الدفع الأصلية، قد يستغرق 7 أيام.
        مرحباً {first}، تم العثور على حقيبتك وستصلك خلال 48 ساعة.
    """),
    "wa_ctag": _t("#أوريليا"),
    "wa_incident": _t("""
        هل غيرت {brand} تركيبة سيلك؟ العبوة الجديدة ريحتها مختلفة
        {handle} التركيبة الجديدة تخلي شعري دهني بعد يوم، وش غيرتوا؟
        بس أنا ألاحظ إن سيلك الجديد ما يسوي رغوة؟
        {handle} رجعوا التركيبة القديمة الله يخليكم 😩
        التركيبة الجديدة رجعت لي الحكة {handle}
        كنت أحب هالشامبو بس النسخة الجديدة… لا
    """),
}
ARTICLES["ar"] = {
    "lead": _t("""
        وأكدت الشركة الخبر في بيان يوم الاثنين.
        ويرى محللون أن الخطوة تعكس تزايد المنافسة في القطاع.
        ومن المتوقع الإعلان عن مزيد من التفاصيل في وقت لاحق من الشهر.
    """),
    "fr_report": _t("""
        مجلة: مادة يحتمل أنها مسرطنة في شامبو أوريليا سيلك || ذكرت مجلة ويكلي لينز أن تحاليل مخبرية رصدت آثاراً من مادة 1,4-ديوكسان في ثلاث دفعات من شامبو أوريليا سيلك، ولم تعلق الشركة حتى الآن.
    """),
    "fr_statement": _t("""
        أوريليا تنفي وتنشر نتائج التحاليل || قالت أوريليا إن تحاليل مستقلة أظهرت مستويات 1,4-ديوكسان أقل بكثير من الحدود الأوروبية، وعرضت استرداد المبلغ للعملاء القلقين.
    """),
    "st_storm": _t("""
        العاصفة يلفا تلغي مئات الرحلات في شمال أوروبا || ألغت سكاي لارك أكثر من 300 رحلة يوم الاثنين مع هبوب رياح بلغت 140 كم/ساعة في أمستردام وكوبنهاغن وهلسنكي، وعلق آلاف المسافرين طوال الليل.
    """),
    "st_ceo": _t("""
        الرئيس التنفيذي لسكاي لارك يعتذر للمسافرين العالقين || اعتذر الرئيس التنفيذي عن طول الانتظار ونقص المعلومات خلال العاصفة يلفا، وتعهد بتغطية تكاليف الفنادق والوجبات.
    """),
}
THREADS["ar"] = {
    "fr_statement": _t("""
        بيان بخصوص شامبو أوريليا سيلك والمقال المنشور اليوم || سلامتكم أولاً. فحصت مختبرات مستقلة جميع الدفعات المباعة خلال آخر 24 شهراً، ومستويات 1,4-ديوكسان أقل بكثير من الحدود الأوروبية. || التقارير الكاملة وقائمة الدفعات هنا: {site} || إذا كنتم قلقين، نعيد لكم قيمة أي منتج من أوريليا سيلك دون الحاجة إلى فاتورة.
    """),
    "st_alert": _t("""
        تنبيه سفر: العاصفة يلفا تؤثر اليوم على الرحلات من وإلى أمستردام وكوبنهاغن وهلسنكي. || إذا ألغيت رحلتك يمكنك تغييرها مجاناً أو طلب الاسترداد عبر {site}
    """),
    "st_ceo": _t("""
        رسالة من رئيسنا التنفيذي إلى كل المتأثرين بالعاصفة يلفا || خذلنا كثيراً منكم أمس، انتظرتم ساعات دون معلومات واضحة، وأنا آسف. || سنعوض جميع المسافرين المتأثرين عن تكاليف الفندق والوجبات والمواصلات: {site}
    """),
}

# ---------------------------------------------------------------------------------------
# Japanese
# ---------------------------------------------------------------------------------------
TALK["ja"] = {
    "open": _t("えっ、\n正直、\nうーん、\nやばい、\nちょっと、\nあー、"),
    "close": _t("w\n笑\n…\nかな\nつらい\nほんとに"),
    "pos": _t("😍\n👏\n💜\n✨\n🙌\n😊"),
    "neg": _t("😡\n🙄\n😤\n😞\n😭\n💢"),
    "neu": _t("🤔\n👀\n😅\n🙃"),
    "time": _t("今日\n今朝\n今夜\n昨日\n今週"),
    "friend": _t("姉\n友達\n母\n同僚\n彼氏\n妹"),
    "place": _t("東京\n大阪\n名古屋\n福岡\n札幌\n横浜\n京都"),
}
PEOPLE["ja"] = {
    "first": _t(
        """
        美咲|misaki 陽菜|hina さくら|sakura 結衣|yui 愛|ai 彩|aya 真由美|mayumi 翔太|shota
        大輝|daiki 拓海|takumi 健太|kenta 悠人|yuto 蓮|ren 直樹|naoki 由美|yumi 恵|megumi
        亮|ryo 千尋|chihiro
    """.replace(" ", "\n")
    ),
    "last": _t(
        """
        佐藤|sato 鈴木|suzuki 高橋|takahashi 田中|tanaka 伊藤|ito 渡辺|watanabe 山本|yamamoto
        中村|nakamura 小林|kobayashi 加藤|kato 吉田|yoshida 山田|yamada 松本|matsumoto
        井上|inoue 木村|kimura 林|hayashi
    """.replace(" ", "\n")
    ),
    "bio": _t("""
        コーヒーと猫が好き☕
        二児の母｜看護師
        美容師✂️ ご予約はDMで
        旅行とカメラ📷
        無言フォロー失礼します
        社会人3年目。日常のつぶやき
    """),
}
FRAMES["ja"] = {
    "complaint": _t("""
        {handle} {issue}。がっかりです。
        {brand}さん、本当に？{issue}。
        {issue}のに、誰も返事をくれない。 {handle}
        もう{brand}は無理かも。{issue}。
        {issue}。 {tag}
        私だけ？{issue}。
        {brand}好きだったのに、{issue}。
    """),
    "question": _t("""
        {handle} {ask}
        {handle} 質問です。{ask}
        誰か知ってる？{ask}
        {ask} {tag}
        {handle} こんにちは。{ask}
        {ask}教えてください🙏
        {handle} すみません、{ask}
    """),
    "request": _t("""
        {handle} {need}をお願いします。
        {handle} {need}をお願いできますか？
        {handle} 至急{need}をお願いしたいです。
        {handle} 何度も連絡していますが、{need}をお願いします。
        {handle} どなたか{need}をお願いできませんか？DM開放しています。
        {brand}さん、{need}をお願いします🙏 {tag}
    """),
    "praise": _t("""
        {good}。ありがとう {handle}
        これは言わせて：{good}。
        {good} {tag}
        {handle} {good}。最高です！
        宣伝じゃないけど、{good}。
        {good}。さすが{brand}👏
    """),
    "mention": _t("""
        {say}。
        {say}。また報告します
        {say} {tag}
        {say}。どうなるかな
        とりあえず{say}。
        {say}w
        {say}。おすすめある？
    """),
    "share": _t("""
        {headline} {url}
        気になる：{headline} {url}
        これ見た？{headline} {url}
        {headline}。どう思う？ {url}
        {headline}👀 {url}
        【ニュース】{headline} {url}
    """),
    "chatter": _t("""
        月曜日。もうコーヒー3杯目なのにまだ10時前
        pos:: やっと{place}に晴れ間が☀️
        neg:: 電車また遅延。もう慣れた
        今夜の試合見る人いる？
        pos:: 今日は手作り餃子、大成功！
        neg:: 連休前に風邪ひいた…
        pos:: 週末の予定：何もしない
        おすすめのドラマ教えて、見るものがない
    """),
    "dm": _t("""
        こんにちは。{issue}。対応をお願いできますか？
        お世話になっております。質問です。{ask}
        すみません、{need}をお願いできますか？
        こんにちは、{issue}ので連絡しました。
        おはようございます。{issue}。どうすればいいですか？
    """),
    "reply_neg": _t("""
        私も同じでした
        それはひどい…
        早く解決しますように
        だからもう買ってない
        先週同じことがあった
    """),
    "reply_neu": _t("""
        DMで問い合わせてみた？
        私も知りたい
        いい質問
        どこで買ったの？
        お店によるのかも
    """),
    "reply_pos": _t("""
        いいね！
        完全に同意👏
        私も大好き
        情報ありがとう！
        おめでとう！
    """),
    "quote": _t("これ👇\n読む価値あり\nわかるw\n要注意"),
}
DOMAIN["ja"] = {
    "care": {
        "brand": _t("アウレリア"),
        "product": _t("アウレリア シルク シャンプー\nシルク コンディショナー\nシルク リペアマスク"),
        "shampoo": _t("アウレリア シルク シャンプー"),
        "competitor": _t("ヴェローラ"),
        "tag": _t("#アウレリア\n#AureliaSilk"),
        "store": _t("ドラッグストア\nスーパー\n公式オンラインストア"),
        "issue": _t("""
            ポンプが2日で壊れた
            {product}を使ったら頭皮がかゆくなった
            届いたボトルが半分しか入っていなかった
            {product}が値上がりして容量も減った
            {product}に変えてから髪がパサパサになった
            カスタマーサポートが全然つながらない
            返金を1週間待っている
        """),
        "ask": _t("""
            {product}はカラーした髪にも使えますか？
            妊娠中でも{product}を使えますか？
            脂性の頭皮には{product}と{competitor}どっちがいい？
            {product}は{store}で買えますか？
            {product}にシリコンは入っていますか？
            偽物の見分け方はありますか？
            成分は変わりましたか？
        """),
        "need": _t("""
            新しいボトルの発送
            注文状況の確認
            注文の返金
            DMへの返信
            ポイントの復元
            約束のサンプルの発送
        """),
        "good": _t("""
            {product}で髪のうねりがやっと落ち着いた
            {product}の香りが本当にいい
            サポートが1日でボトルを交換してくれた
            髪がこんなにサラサラになったのは初めて
            {product}は敏感な頭皮にもやさしい
            {product}は{competitor}よりずっといい
        """),
        "say": _t("""
            {store}で{product}を買った
            初めて{product}を試してる
            {friend}が{product}を愛用してる
            今月は{brand}と{competitor}を使い比べ中
            {product}が{store}でセール中
            {product}を使い切った
            {brand}のボトルが新しくなった
        """),
        "headline": _t("""
            {brand}、ロンバルディアに新工場
            {brand}シルク、リサイクル可能なボトルに
            {brand}と{competitor}、高級シャンプー市場で競争
            {brand}のアジア売上が2割増
        """),
        "reply": _t("""
            {first}様、ご不便をおかけし申し訳ございません。ご注文番号をDMでお送りいただけますか？
            {first}様、ご連絡ありがとうございます。DMにてご案内いたします。
            {first}様、担当者より本日中にご連絡いたします。
            {first}様、取扱店舗は{site} でご確認いただけます。
        """),
        "thanks": _t("""
            {first}様、嬉しいお言葉をありがとうございます💜
            {first}様、シェアしていただきありがとうございます！
        """),
        "promo": _t("""
            新登場：{product}が100%リサイクル可能なボトルに♻️ {site} {tag}
            今週のヒント：最後は冷たい水ですすぐとツヤがアップ✨ {tag}
            {brand}製品1年分が当たる！フォロー＆リポストで応募 {tag}
        """),
    },
    "air": {
        "brand": _t("スカイラーク航空"),
        "competitor": _t("ニンバス航空"),
        "tag": _t("#スカイラーク航空\n#SkylarkAir"),
        "city": _t(
            "アムステルダム\nコペンハーゲン\nヘルシンキ\nミラノ\nバルセロナ\nパリ\nベルリン"
        ),
        "issue": _t("""
            {flight}便の{city}行きが{hours}時間遅れているのに何の案内もない
            {flight}便で預けたスーツケースがなくなった
            チェックインしようとするとアプリが落ちる
            電話が1時間以上つながらない
            同じ座席の料金を2回請求された
            遅延のせいで{city}での乗り継ぎに間に合わなかった
            チェックインカウンターが1つしか開いていない
        """),
        "ask": _t("""
            {flight}便に機内持ち込み手荷物を2つ持ち込めますか？
            {flight}便の{city}行きは定刻ですか？
            予約後に受託手荷物を追加するにはどうすればいいですか？
            予約{booking}の名前を変更できますか？
            オンラインチェックインはいつからですか？
            猫を機内に連れて行けますか？
        """),
        "need": _t("""
            予約{booking}がアプリに表示されない原因の確認
            二重請求された座席料金の返金
            {flight}便のスーツケースの捜索
            予約{booking}についての折り返しの電話
            {city}行きの早い便への変更
            予約{booking}の領収書の送付
        """),
        "good": _t("""
            {flight}便の客室乗務員さんが素晴らしかった
            {city}に20分早く着いた
            新しいアプリでチェックインがすごく楽
            スーツケースが1日で見つかった
            カウンターで5分で振り替えてもらえた
            定刻、きれいな機内、親切なスタッフ
        """),
        "say": _t("""
            明日{brand}で{city}へ
            連休に{flight}便の{city}行きを予約した
            初めての{brand}
            {city}行き、{brand}と{competitor}で迷い中
            搭乗口で{flight}便待ち
            {brand}の{city}行きがセール中
        """),
        "headline": _t("""
            {brand}、{city}への夏季路線を新設
            {brand}、新型機20機を発注
            {brand}、1月の定時運航率トップ
            {brand}、基本運賃で機内持ち込み手荷物を有料化
        """),
        "reply": _t("""
            {first}様、ご迷惑をおかけし申し訳ございません。予約番号をDMでお知らせいただけますか？
            {first}様、大変申し訳ございません。すぐに確認いたしますのでDMをお送りください。
            {first}様、ご予約の管理は{site} から可能です。
            {first}様、ご連絡ありがとうございます。担当者がDMにて折り返しご連絡いたします。
        """),
        "thanks": _t("""
            {first}様、ありがとうございます！✈️
            {first}様、乗務員にも伝えます💙
        """),
        "promo": _t("""
            {city}行き夏季路線が新登場！ {site}
            ヒント：出発24時間前にアプリでチェックインすれば列に並ばずに済みます✈️
            タイムセール：{city}行きが39ユーロから、日曜まで {site}
        """),
    },
}
EVENT["ja"] = {
    "fr_ctag": _t("#アウレリア\n#AureliaGate"),
    "fr_top": _t("""
        【速報】週刊誌ウィークリー・レンズによると、{shampoo}から発がん性の可能性がある1,4-ジオキサンが検出。{brand}はまだコメントしていない {article_url}
    """),
    "fr_share": _t("""
        え、{shampoo}に発がん性物質？？ {article_url}
        この記事読んで{shampoo}捨てた {article_url}
        {shampoo}使ってる人はこれ読んで {article_url}
        {brand}は説明すべき {article_url} {ctag}
        シャンプーにジオキサン？何年も使ってたのに {article_url}
        拡散希望 {article_url}
    """),
    "fr_fear": _t("""
        {handle} {shampoo}は安全なんですか？
        今すぐ使うのやめた方がいい？本当に怖い
        赤ちゃんに使ってしまった…大丈夫ですか？ {handle}
        {handle} 対象のロットはどれですか？
        シャンプーだけ？それとも{brand}の全製品？
        {handle} なぜ何も発表しないんですか？
    """),
    "fr_anger": _t("""
        信じられない。10年{brand}を信頼してたのに {ctag}
        もう二度と{brand}は買わない
        報道から何時間も経つのに{brand}は沈黙
        {handle} 全ての顧客に説明する責任があるはず
        今日{brand}の製品を全部返品した
        毎日使ってたと思うと気持ち悪い {ctag}
    """),
    "fr_request": _t("""
        {handle} 検査結果を全部公開してください
        {handle} 安全が証明されるまで販売を中止してください
        {handle} 買ったボトル全部返金してほしい
        {handle} 対象ロットを教えてください
        {handle} 今日中に声明を出してください
    """),
    "fr_skeptic": _t("""
        記事をちゃんと読むと「微量」のジオキサン。多くの製品に含まれてる。落ち着こう
        全部捨てる前に、ちゃんとしたデータを待つ
        微量の混入と「発がん性物質を含む」は別の話。煽りすぎ
        {competitor}の新製品発売と同じ週なのは偶然？🤔
        {brand}を擁護するわけじゃないけど、記事の根拠が弱い
    """),
    "fr_relief": _t("""
        pos:: {brand}が検査結果を全部公開。基準値よりずっと低い。安心した
        pos:: やっと{brand}からはっきりした回答
        pos:: じゃあシャンプーはこのまま使おう
        neu:: 第三者検査も見たいけど、声明は助かる
        neu:: つまり雑誌の誤報？
    """),
    "st_ctag": _t("#嵐ユルヴァ\n#スカイラーク航空"),
    "st_complaint": _t("""
        cancellation:: {handle} {flight}便の{city}行きが欠航、メールもSMSもなし。搭乗口で知った
        staff:: {city}の{brand}カウンター、300人並んでてスタッフ2人だけ {handle}
        booking:: {brand}の電話、{hours}時間待ってもつながらない {ctag}
        baggage:: 欠航で預けた荷物が返ってこない。ありがとう {handle}
        compensation:: {handle} 9時間待って12ユーロの食事券？本気？
        cancellation:: 今夜は{city}空港の床で寝ます。{brand}のおかげで {ctag}
    """),
    "st_question": _t("""
        cancellation:: {handle} 明日朝の{flight}便{city}行きは運航しますか？
        booking:: {handle} 欠航になりました。電話せずに振替する方法は？
        refund:: {handle} 振替しない場合、全額返金されますか？
        compensation:: {handle} 今夜のホテル代は出ますか？
        baggage:: {handle} 欠航した{flight}便の荷物はどこで受け取れますか？
    """),
    "st_request": _t("""
        booking:: {handle} {city}行きの一番早い便に振り替えてください。予約{booking}
        refund:: {handle} {flight}便の返金をお願いします。予約{booking}。クーポンではなく返金で
        compensation:: {handle} ホテルを手配してください。子ども二人連れです
        baggage:: {handle} {flight}便の荷物を自宅に送ってください
        booking:: {handle} 折り返し電話をお願いします。予約{booking}
    """),
    "st_dm": _t("""
        booking:: こんにちは。予約{booking}です。{flight}便{city}行きが欠航になりました。次の便に振り替えていただけますか？
        refund:: お世話になります。予約{booking}、{flight}便欠航のため全額返金をお願いします。
        baggage:: こんにちは。手荷物タグ{bagtag}、{flight}便が欠航し荷物が戻ってきません。どこにありますか？
        compensation:: 昨夜{flight}便の欠航後、ホテル代を自分で払いました。どう請求すればいいですか？
    """),
    "st_followup": _t("""
        {handle} まだ返事を待っています。もう{hours}時間です
        {handle} もう一度聞きます。予約{booking}。誰かいますか？
        {handle} DMを{n}回送りました。返事なし
    """),
    "st_followup_dm": _t("""
        まだ返信を待っています
        予約{booking}の件、進捗はありますか？
        今日中に回答をお願いします
    """),
    "st_thanks": _t("""
        pos:: やっと {handle} につながって明日の便に振替できた。辛抱強く対応してくれた担当者さんありがとう
        pos:: {city}の{brand}スタッフ、深夜2時に水と毛布を配ってくれてた。感謝
        neu:: 振替完了。2日後だけど、とりあえず解決 {handle}
    """),
    "st_agent": _t("""
        {first}様、大変申し訳ございません。嵐ユルヴァの影響で多くの便が欠航しております。予約番号をDMでお知らせください。
        {first}様、無料の振替・払い戻しは{site} から可能です。
        {first}様、お待たせして申し訳ございません。DMをお送りしました。
    """),
    "st_agent_dm": _t("""
        {first}様、お待たせいたしました。明日09:40発の{flight}便にお振替いたしました。新しい予約番号は{booking}です。
        {first}様、元のお支払い方法への全額返金を手配いたしました。7日ほどかかる場合がございます。
        {first}様、お荷物が見つかりました。48時間以内にご自宅へお届けします。
    """),
    "wa_ctag": _t("#アウレリア"),
    "wa_incident": _t("""
        {brand}シルク、処方変わった？新しいボトル、香りが全然違う
        {handle} 新処方だと1日で髪がベタつく。何を変えたんですか？
        新しいシルク、泡立たなくなったの私だけ？
        {handle} 前の処方に戻してください😩
        新処方にしてから頭皮がまたかゆい {handle}
        何年も愛用してたけど、新しいのは…ないかな
    """),
}
ARTICLES["ja"] = {
    "lead": _t("""
        同社は月曜日、声明でこれを認めた。
        アナリストは業界の競争激化を反映した動きだとみている。
        詳細は今月中に発表される見通し。
    """),
    "fr_report": _t("""
        アウレリア シルク シャンプーから「発がん性の可能性」物質、雑誌報道 || 週刊誌ウィークリー・レンズによると、検査機関がアウレリア シルク シャンプーの3ロットから1,4-ジオキサンを検出した。同社はコメントしていない。
    """),
    "fr_statement": _t("""
        アウレリア、発がん性報道を否定し検査結果を公開 || 同社は第三者検査で1,4-ジオキサンの濃度がEU基準を大きく下回ったと発表し、返金にも応じるとした。
    """),
    "st_storm": _t("""
        嵐ユルヴァ、北欧で数百便が欠航 || スカイラーク航空は月曜日、アムステルダム、コペンハーゲン、ヘルシンキで最大140キロの突風が吹いたため300便以上を欠航させた。数千人の乗客が空港で夜を明かした。
    """),
    "st_ceo": _t("""
        スカイラーク航空CEO、足止めされた乗客に謝罪 || 同社CEOは嵐ユルヴァの際の長い待ち時間と情報不足について謝罪し、ホテル代と食事代を負担すると約束した。
    """),
}
THREADS["ja"] = {
    "fr_statement": _t("""
        アウレリア シルク シャンプーに関する本日の報道についてのお知らせ || お客様の安全を最優先に考えています。過去24か月に販売した全ロットを第三者機関で検査し、1,4-ジオキサンの濃度はEU基準を大きく下回っていました。 || 検査報告書とロット一覧はこちら：{site} || ご心配な方には、レシートがなくても返金いたします。
    """),
    "st_alert": _t("""
        運航情報：嵐ユルヴァの影響で、本日アムステルダム、コペンハーゲン、ヘルシンキ発着便に欠航が出ています。 || 欠航便のお客様は{site} から無料で振替・払い戻しが可能です。
    """),
    "st_ceo": _t("""
        嵐ユルヴァの影響を受けたすべてのお客様へ、CEOからのメッセージ || 昨日は多くのお客様を失望させてしまいました。明確な情報がないまま何時間もお待たせしたこと、心よりお詫び申し上げます。 || 影響を受けたすべてのお客様のホテル代・食事代・交通費をお支払いします：{site}
    """),
}

# ---------------------------------------------------------------------------------------
# Finnish (the product and city names are written inflected in place: Finnish cases
# do not allow a slot in the middle of a clause)
# ---------------------------------------------------------------------------------------
TALK["fi"] = {
    "open": _t("No niin.\nHuoh.\nSiis.\nAi että.\nNoh.\nVoi ei."),
    "close": _t("lol\noikeesti\nno joo\nhmm\nhuh\nkiitos vaan"),
    "pos": _t("😍\n👏\n💜\n✨\n🙌\n😊"),
    "neg": _t("😡\n🙄\n😤\n😞\n👎\n🤦‍♀️"),
    "neu": _t("🤔\n👀\n🤷\n😅"),
    "time": _t("tänään\naamulla\nillalla\neilen\ntällä viikolla"),
    "friend": _t("siskoni\nkaverini\näitini\nkämppikseni\ntyökaverini"),
    "place": _t("Helsinki\nTampere\nTurku\nOulu\nEspoo\nJyväskylä"),
}
PEOPLE["fi"] = {
    "first": _t(
        """
        Aino Eevi Helmi Venla Emma Sofia Aada Linnea Elias Eino Väinö Leo Onni Mikko Juha Timo
        Jussi Anni Laura Sanna Heikki Kaisa
    """.replace(" ", "\n")
    ),
    "last": _t(
        """
        Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen
        Järvinen Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen Salonen
    """.replace(" ", "\n")
    ),
    "bio": _t("""
        Kahvi, kirjat ja kissat ☕
        Kahden lapsen äiti | opettaja
        Kampaaja Tampereella ✂️
        Matkailu, ruoka ja valokuvaus
        Mielipiteet omiani.
        Juoksen, neulon, valitan säästä
    """),
}
FRAMES["fi"] = {
    "complaint": _t("""
        {handle} {issue}. Todella pettymys.
        Oikeesti {brand}? {Issue}.
        {Issue} eikä kukaan vastaa. {handle}
        Nyt riitti: {issue}.
        {Issue}. Kiitos ei mistään {handle}
        Onko muilla sama? {Issue}. {tag}
        Ennen tykkäsin tästä merkistä, mutta {issue}.
    """),
    "question": _t("""
        {handle} {ask}
        Kysymys: {ask} {handle}
        Tietääkö joku? {Ask}
        {Ask} Kysyn kaverin puolesta.
        Moi {handle}, {ask}
        {Ask} {tag}
        {handle} hei! {Ask} Kiitos etukäteen.
    """),
    "request": _t("""
        {handle} voisitteko {need}?
        {handle} pystyttekö {need}?
        Moi {handle}, voisiko joku {need}? Kiitos
        {handle} pyydän vielä kerran: voisitteko {need}?
        {handle} voisiko joku tiimistänne {need}? Yksityisviestit auki.
        {handle} olisiko mahdollista {need}?
    """),
    "praise": _t("""
        {Good}. Kiitos {handle}!
        Pakko sanoa: {good}.
        {Good} {tag}
        {handle} {good}. Pelastitte päiväni!
        Ei mainos, {good}.
        {Good}. Hyvä {brand} 👏
    """),
    "mention": _t("""
        {Say}.
        {Say}, kerron myöhemmin miten meni.
        {Say} {tag}
        {Say}. Katsotaan.
        No joo, {say}.
        {Say} haha
        {Say}. Vinkkejä?
    """),
    "share": _t("""
        {headline} {url}
        Mielenkiintoista: {headline} {url}
        Näittekö tämän? {headline} {url}
        {headline}. Mitä mieltä? {url}
        {headline} 👀 {url}
        Luettavaa: {headline} {url}
    """),
    "chatter": _t("""
        Maanantai. Kolmas kahvi eikä kello ole vielä kymmentä
        pos:: Vihdoin aurinko paistaa ☀️
        neg:: Juna taas myöhässä.
        Kuka katsoo matsin tänään?
        pos:: Tein karjalanpiirakoita ja ne onnistui
        neg:: Flunssa juuri ennen lomaa, tietysti
        pos:: Viikonlopun suunnitelma: ei yhtään mitään
        Sarjavinkkejä? Kaikki on katsottu
    """),
    "dm": _t("""
        Moi, {issue}. Voitteko auttaa?
        Hei, kysymys: {ask}
        Hei, voisitteko {need}? Kiitos
        Hei, minulla on ongelma: {issue}.
        Huomenta, {issue}. Mitä teen?
    """),
    "reply_neg": _t("""
        Sama juttu mulla
        Aika noloa heiltä
        Voi ei, toivottavasti ratkeaa pian
        Siksi en enää osta niiltä
        Sama kävi viime viikolla
    """),
    "reply_neu": _t("""
        Laitoitko heille yksityisviestiä?
        Seuraan, kiinnostaa myös
        Hyvä kysymys
        Mistä ostit?
        Riippuu kaupasta kai
    """),
    "reply_pos": _t("""
        Ihana!
        Täysin samaa mieltä 👏
        Mäkin tykkään
        Hyvä, kiitos vinkistä
        Onnea!
    """),
    "quote": _t("Tämä 👇\nLukemisen arvoinen\nhaha totta\nHuomio"),
}
DOMAIN["fi"] = {
    "care": {
        "brand": _t("Aurelia"),
        "product": _t("Aurelia Silk"),
        "shampoo": _t("Aurelia Silk -shampoo"),
        "competitor": _t("Velora"),
        "tag": _t("#AureliaSilk\n#Aurelia"),
        "store": _t("apteekista\nkaupasta\nnetistä"),
        "issue": _t("""
            pumppu hajosi kahdessa päivässä
            Aurelia Silk -shampoo saa päänahan kutiamaan
            pullo tuli puoliksi tyhjänä
            shampoo kallistui ja pullo pieneni
            hiukset ovat kuivemmat siitä asti kun aloitin Aurelia Silkin
            asiakaspalvelu ei vastaa ollenkaan
            olen odottanut palautusta viikon
        """),
        "ask": _t("""
            sopiiko Aurelia Silk värjätyille hiuksille?
            voiko Aurelia Silkiä käyttää raskauden aikana?
            kumpi on parempi rasvoittuvalle päänahalle, Aurelia Silk vai {competitor}?
            saako Aurelia Silkiä {store}?
            onko Aurelia Silkissä silikoneja?
            miten tunnistaa väärennetyn pullon?
            onko koostumusta muutettu?
        """),
        "need": _t("""
            lähettää uuden pullon
            tarkistaa tilaukseni tilanteen
            palauttaa tilauksen rahat
            vastata yksityisviestiini
            palauttaa kanta-asiakaspisteeni
            lähettää luvatun näytteen
        """),
        "good": _t("""
            Aurelia Silk vihdoin kesytti pörröiset hiukseni
            Aurelia Silk tuoksuu ihanalta
            asiakaspalvelu vaihtoi vuotavan pullon päivässä
            hiukseni eivät ole koskaan olleet näin pehmeät
            Aurelia Silk ei ärsytä herkkää päänahkaani
            Aurelia Silk on paljon parempi kuin {competitor}
        """),
        "say": _t("""
            ostin juuri Aurelia Silkiä
            kokeilen Aurelia Silkiä ensimmäistä kertaa
            {friend} vannoo Aurelia Silkin nimeen
            vaihtelen Aurelian ja Veloran välillä tässä kuussa
            Aurelia Silk on tarjouksessa
            Aurelia Silk loppui
            Aurelialla on uusi pullo
        """),
        "headline": _t("""
            Aurelia avaa uuden tehtaan Lombardiaan
            Aurelia Silk siirtyy kierrätettäviin pulloihin
            Aurelia ja Velora kisaavat premium-shampoomarkkinoista
            Aurelian myynti kasvoi Aasiassa 20 prosenttia
        """),
        "reply": _t("""
            Hei {first}, olemme pahoillamme. Voisitko lähettää tilausnumerosi yksityisviestillä?
            Kiitos ilmoituksesta, {first}! Laitamme sinulle yksityisviestin.
            Hei {first}, tiimimme ottaa sinuun yhteyttä tänään.
            Hei {first}, myyntipisteet löydät osoitteesta {site}
        """),
        "thanks": _t("""
            Kiitos paljon, {first}! 💜
            Ihana kuulla, {first}! Kiitos kun jaoit.
        """),
        "promo": _t("""
            Uutuus: Aurelia Silk nyt täysin kierrätettävässä pullossa ♻️ {site} {tag}
            Viikon vinkki: huuhtele viileällä vedellä, niin hiukset kiiltävät ✨ {tag}
            Voita vuoden Aurelia-tuotteet! Jaa ja seuraa osallistuaksesi {tag}
        """),
    },
    "air": {
        "brand": _t("Skylark Air"),
        "competitor": _t("Nimbus Air"),
        "tag": _t("#SkylarkAir\n#matkailu"),
        "city": _t("Amsterdam\nKööpenhamina\nMilano\nPariisi"),
        "issue": _t("""
            lento {flight} on {hours} tuntia myöhässä eikä kukaan kerro mitään
            hukkasitte matkalaukkuni lennolla {flight}
            sovellus kaatuu aina kun yritän tehdä lähtöselvityksen
            olen jonottanut puhelimessa yli tunnin
            veloititte samasta istuimesta kahdesti
            myöhästyin jatkolennolta teidän viivästyksen takia
            vain yksi lähtöselvitystiski auki, jono on valtava
        """),
        "ask": _t("""
            saako lennolle {flight} ottaa kaksi käsimatkatavaraa?
            onko lento {flight} aikataulussa?
            miten lisään ruumaan menevän laukun varauksen jälkeen?
            voiko varauksen {booking} nimeä muuttaa?
            milloin verkkolähtöselvitys aukeaa?
            voiko kissan ottaa matkustamoon?
        """),
        "need": _t("""
            tarkistaa miksi varaus {booking} ei näy sovelluksessa
            palauttaa kahdesti veloitetun istuimen hinnan
            etsiä matkalaukkuni lennolta {flight}
            soittaa minulle varauksesta {booking}
            siirtää minut aikaisemmalle lennolle
            lähettää kuitin varauksesta {booking}
        """),
        "good": _t("""
            lennon {flight} miehistö oli upea
            laskeuduimme kaksikymmentä minuuttia etuajassa
            uudella sovelluksella lähtöselvitys on tosi helppo
            matkalaukkuni löytyi päivässä
            sain tiskillä uuden lennon viidessä minuutissa
            ajallaan, siisti kone ja ystävällinen miehistö
        """),
        "say": _t("""
            lennän huomenna Skylark Airilla Amsterdamiin
            varasin lennon {flight} pitkäksi viikonlopuksi
            ensimmäistä kertaa Skylark Airilla
            vertailen Skylark Airia ja Nimbus Airia
            portilla odottamassa lentoa {flight}
            Skylark Airilla on tarjouksia Milanoon
        """),
        "headline": _t("""
            Skylark Air avaa uusia kesäreittejä
            Skylark Air tilaa kaksikymmentä uutta konetta
            Skylark Air oli tammikuun täsmällisin lentoyhtiö
            Skylark Air alkaa periä maksua käsimatkatavarasta perushinnassa
        """),
        "reply": _t("""
            Hei {first}, pahoittelemme harmia. Voisitko lähettää varaustunnuksesi yksityisviestillä?
            Hei {first}, olemme todella pahoillamme. Tarkistamme asian heti, laita meille viestiä.
            Hei {first}, voit hallita varaustasi osoitteessa {site}
            Kiitos viestistäsi, {first}. Asiakaspalvelijamme vastaa sinulle pian yksityisviestillä.
        """),
        "thanks": _t("""
            Kiitos, {first}! Ilahduttavaa kuulla ✈️
            Kiitos {first}! Välitämme terveiset miehistölle 💙
        """),
        "promo": _t("""
            Uusia kesäreittejä! {site}
            Vinkki: tee lähtöselvitys sovelluksessa 24 tuntia ennen ja vältä jonot ✈️
            Pikatarjous: lennot alkaen 39 € sunnuntaihin asti {site}
        """),
    },
}
EVENT["fi"] = {
    "fr_ctag": _t("#AureliaGate\n#Aurelia"),
    "fr_top": _t("""
        Weekly Lens: laboratoriotesteissä löytyi mahdollisesti syöpää aiheuttavaa 1,4-dioksaania Aurelia Silk -shampoosta. Aurelia ei ole vielä kommentoinut. {article_url}
    """),
    "fr_share": _t("""
        Siis onko Aurelia Silk -shampoossa syöpää aiheuttavaa ainetta?? {article_url}
        Luin tämän ja heitin shampoon roskiin. {article_url}
        Jos käytät Aurelia Silkiä, lue tämä {article_url}
        Aurelian pitää selittää tämä. {article_url} {ctag}
    """),
    "fr_fear": _t("""
        {handle} onko Aurelia Silk turvallinen vai ei?
        Pitäisikö lopettaa heti? Pelottaa oikeasti
        {handle} mitkä erät ovat mukana?
        Vain shampoo vai koko sarja?
    """),
    "fr_anger": _t("""
        Uskomatonta. Luotin Aureliaan kymmenen vuotta. {ctag}
        En osta enää ikinä.
        Tunteja uutisesta eikä sanaakaan Aurelialta.
        {handle} olette selityksen velkaa kaikille asiakkaille.
    """),
    "fr_request": _t("""
        {handle} julkaiskaa laboratoriotulokset. Kaikki.
        {handle} vetäkää shampoo myynnistä kunnes se on todistetusti turvallinen.
        {handle} haluan rahat takaisin jokaisesta pullosta.
        {handle} kertokaa mitkä erät ovat mukana.
    """),
    "fr_skeptic": _t("""
        Lukekaa juttu: kyse on dioksaanin jäämistä, joita on monessa tuotteessa.
        Odotan oikeaa dataa ennen kuin heitän mitään pois.
        Jäämät eivät tarkoita, että tuote sisältää syöpää aiheuttavaa ainetta. Klikkiotsikko.
        En puolustele Aureliaa, mutta juttu on ohut.
    """),
    "fr_relief": _t("""
        pos:: Aurelia julkaisi kaikki testitulokset. Reilusti alle raja-arvon. Helpottaa.
        pos:: Vihdoin selkeä vastaus.
        neu:: Haluan silti riippumattomat testit, mutta tiedote auttaa.
        neu:: Eli lehti oli väärässä?
    """),
    "st_ctag": _t("#myrskyYlva\n#SkylarkAir"),
    "st_complaint": _t("""
        cancellation:: {handle} lento {flight} peruttiin eikä tullut sähköpostia eikä tekstiviestiä. Kuulin portilla.
        staff:: Skylark Airin tiskillä 300 ihmistä jonossa ja KAKSI työntekijää. {handle}
        booking:: Olen odottanut puhelinjonossa {hours} tuntia. {ctag}
        baggage:: Lento peruttu, laukut ruumassa eikä niitä palauteta. Kiitos {handle}
        compensation:: {handle} 12 euron ruokaseteli yhdeksän tunnin odotuksesta. Oikeesti?
        cancellation:: Yö lentokentän lattialla, kiitos vaan {brand} {ctag}
    """),
    "st_question": _t("""
        cancellation:: {handle} lähteekö huomisaamun lento {flight}?
        booking:: {handle} lento peruttiin, miten vaihdan varauksen soittamatta?
        refund:: {handle} saanko kaikki rahat takaisin, jos en vaihda lentoa?
        compensation:: {handle} maksatteko hotellin tänä yönä?
    """),
    "st_request": _t("""
        booking:: {handle} vaihtakaa minut ensimmäiselle mahdolliselle lennolle, varaus {booking}
        refund:: {handle} haluan rahat takaisin lennosta {flight}, varaus {booking}. En lahjakorttia.
        compensation:: {handle} järjestäkää hotelli, minulla on kaksi lasta mukana
        baggage:: {handle} lähettäkää laukkuni lennolta {flight} kotiosoitteeseeni
    """),
    "st_dm": _t("""
        booking:: Hei, varaus {booking}. Lento {flight} peruttiin. Voitteko vaihtaa minut seuraavalle vapaalle lennolle?
        refund:: Hei, pyydän täyttä hyvitystä varauksesta {booking}, lento {flight} peruttiin.
        baggage:: Hei, laukun tunniste {bagtag}, lento {flight} peruttiin enkä saanut laukkuani takaisin. Missä se on?
        compensation:: Hei, maksoin eilen hotellin itse lennon {flight} peruuntumisen jälkeen. Miten haen korvausta?
    """),
    "st_followup": _t("""
        {handle} odotan edelleen vastausta. {hours} tuntia nyt.
        {handle} kysyn uudestaan: varaus {booking}. Onko siellä ketään?
        {handle} laitoin {n} viestiä. Ei mitään.
    """),
    "st_followup_dm": _t("""
        Hei? Odotan yhä.
        Onko uutta varauksesta {booking}?
        Tarvitsen vastauksen tänään.
    """),
    "st_thanks": _t("""
        pos:: Vihdoin sain yhteyden asiakaspalveluun {handle}, uusi lento huomenna. Kiitos kärsivälliselle asiakaspalvelijalle
        pos:: Kiitos Skylark Airin henkilökunnalle, jakoivat vettä ja peittoja kahdelta yöllä
        neu:: Uusi lento saatu. Kaksi päivää myöhemmin, mutta ainakin selvisi {handle}
    """),
    "st_agent": _t("""
        Olemme todella pahoillamme, {first}. Myrsky Ylva on perunut monia lentoja. Lähetä varaustunnuksesi yksityisviestillä, niin autamme.
        Hei {first}, voit vaihtaa lennon maksutta tai hakea hyvitystä osoitteessa {site}
        Hei {first}, pahoittelut odotuksesta. Laitoimme sinulle yksityisviestin.
    """),
    "st_agent_dm": _t("""
        Hei {first}, kiitos kärsivällisyydestä. Vaihdoin sinut huomisen klo 9.40 lennolle {flight}, uusi varaus {booking}.
        Hei {first}, pyysin täyden hyvityksen alkuperäiselle maksutavalle, se voi kestää 7 päivää.
        Hei {first}, laukkusi on löytynyt ja toimitetaan 48 tunnin kuluessa.
    """),
    "wa_ctag": _t("#AureliaSilk"),
    "wa_incident": _t("""
        Onko Aurelia muuttanut Silkin koostumusta? Uusi pullo tuoksuu ihan erilaiselta
        {handle} uudella koostumuksella hiukset rasvoittuvat päivässä. Mitä muutitte?
        Eikö uusi Silk vaahtoa enää muillakaan?
        {handle} tuokaa vanha koostumus takaisin 😩
        Uusi koostumus ja päänahka kutiaa taas {handle}
    """),
}
ARTICLES["fi"] = {
    "lead": _t("""
        Yhtiö vahvisti asian maanantaina tiedotteessa.
        Analyytikoiden mukaan ratkaisu kertoo alan kiristyvästä kilpailusta.
        Lisätietoja odotetaan myöhemmin tässä kuussa.
    """),
    "fr_report": _t("""
        Lehti: Aurelia Silk -shampoosta löytyi mahdollisesti syöpää aiheuttavaa ainetta || Weekly Lens -lehden mukaan laboratoriotesteissä löytyi 1,4-dioksaanin jäämiä kolmesta Aurelia Silk -shampooerästä. Yhtiö ei ole vielä kommentoinut.
    """),
    "fr_statement": _t("""
        Aurelia kiistää väitteet ja julkaisee testitulokset || Aurelian mukaan riippumattomat testit osoittivat 1,4-dioksaanipitoisuuksien olevan selvästi alle EU:n raja-arvojen.
    """),
    "st_storm": _t("""
        Myrsky Ylva pysäytti satoja lentoja Pohjois-Euroopassa || Skylark Air perui maanantaina yli 300 lentoa, kun puuskat nousivat 140 kilometriin tunnissa Amsterdamissa, Kööpenhaminassa ja Helsingissä. Tuhannet matkustajat jäivät yöksi kentille.
    """),
    "st_ceo": _t("""
        Skylark Airin toimitusjohtaja pyysi anteeksi || Toimitusjohtaja pahoitteli pitkiä odotuksia ja tiedon puutetta myrsky Ylvan aikana ja lupasi korvata hotelli- ja ruokakulut.
    """),
}
THREADS["fi"] = {
    "fr_statement": _t("""
        Tiedote Aurelia Silk -shampoosta ja tämänpäiväisestä artikkelista. || Turvallisuutenne on meille tärkeintä. Riippumattomat laboratoriot testasivat kaikki viimeisen 24 kuukauden erät: 1,4-dioksaanipitoisuudet ovat selvästi alle EU:n raja-arvojen. || Täydet testitulokset ja erälista: {site}
    """),
    "st_alert": _t("""
        Matkustustiedote: myrsky Ylva vaikuttaa tänään Amsterdamin, Kööpenhaminan ja Helsingin lentoihin. || Jos lentosi on peruttu, voit vaihtaa sen maksutta tai hakea hyvitystä osoitteessa {site}
    """),
    "st_ceo": _t("""
        Toimitusjohtajamme viesti kaikille myrsky Ylvasta kärsineille. || Eilen petimme monen teistä: odotitte tunteja ilman selkeää tietoa. Olen pahoillani. || Korvaamme hotelli-, ruoka- ja matkakulut kaikille, joita peruutukset koskivat: {site}
    """),
}

# What the care team answers once the statement is out (false report); other languages get
# the statement thread only.
EVENT["en"]["fr_care_reply"] = _t("""
    Hi {first}, we understand your concern. Independent lab results for every batch are here: {site}
    Hi {first}, Aurelia Silk is safe to use. You can check your batch and read the full lab reports at {site}
    Hi {first}, if you'd prefer a refund, no receipt is needed. Just DM us and we'll sort it out 💜
    Hi {first}, we're sorry for the worry. All batches tested far below EU limits, details here: {site}
    Thanks for asking, {first}. The article refers to trace levels; our full results are at {site}
""")
EVENT["zh"]["fr_care_reply"] = _t("""
    {first}您好，理解您的担心，所有批次的第三方检测报告见：{site}
    {first}您好，丝润洗发水可以放心使用，可在此查询批次和检测报告：{site}
    {first}您好，如需退款无需小票，私信我们即可为您处理💜
    {first}您好，抱歉让您担心了，所有批次检测结果均远低于欧盟标准，详情：{site}
    感谢关注，{first}。报道提到的是微量残留，完整检测结果请见：{site}
""")
