"""One channel vocabulary for every source: GA4's default channel group.

Touchpoints and traffic that carry a source / medium / campaign are grouped by the rules of GA4's
default channel group (evaluated in order, the first match wins); ad platforms and CRM "original
source" values map to the same names, so that spend, leads and orders of one channel meet under
one name and CPL per channel means something. ``channel_aliases`` of ``client.yml`` is applied last
by the caller (:meth:`ClientConfig.canonical_channel`).

Reference: Google Analytics Help, "[GA4] Default channel group" (rules and source categories).
The source lists below are the common members of GA4's source categories, not the full list.
"""

from __future__ import annotations

import re

__all__ = [
    "AD_PLATFORM_CHANNEL",
    "GOOGLE_ADS_CAMPAIGN_TYPES",
    "HUBSPOT_SOURCES",
    "default_channel_group",
]

SEARCH_SOURCES = frozenset("""
google bing yahoo baidu yandex duckduckgo ecosia qwant naver seznam ask aol startpage brave
search.yahoo.com yandex.ru google.com bing.com duckduckgo.com ecosia.org qwant.com
m.baidu.com baidu.com search.brave.com so.com sogou daum yahoo.co.jp msn.com
""".split())
SOCIAL_SOURCES = frozenset("""
facebook facebook.com m.facebook.com l.facebook.com lm.facebook.com fb ig instagram
instagram.com l.instagram.com linkedin linkedin.com lnkd.in twitter twitter.com t.co x x.com
pinterest pinterest.com pinterest.fr reddit reddit.com snapchat tiktok tiktok.com
threads threads.net tumblr whatsapp messenger quora quora.com vk vk.com meta
""".split())
VIDEO_SOURCES = frozenset("""
youtube youtube.com m.youtube.com dailymotion dailymotion.com vimeo vimeo.com twitch twitch.tv
netflix disneyplus
""".split())
SHOPPING_SOURCES = frozenset("""
amazon amazon.com amazon.fr ebay ebay.com ebay.fr etsy etsy.com shopify shopify.com
walmart walmart.com alibaba aliexpress cdiscount fnac rakuten zalando shopping.google.com
igshopping
""".split())

_PAID_MEDIUM = re.compile(r"^(.*cp.*|ppc|retargeting|paid.*)$")
_SHOP_CAMPAIGN = re.compile(r"^(.*(([^a-df-z]|^)shop|shopping).*)$")
_EMAIL = re.compile(r"email|e-mail|e_mail|e mail")
_DISPLAY_MEDIA = frozenset({"display", "banner", "expandable", "interstitial", "cpm"})
_SOCIAL_MEDIA = frozenset({"social", "social-network", "social-media", "sm", "social network",
                           "social media"})


def _site(source: str) -> str:
    s = source.removeprefix("www.")
    return s


def _in(source: str, sites: frozenset[str]) -> bool:
    s = _site(source)
    if s in sites or (sites is SHOPPING_SOURCES and s == "google shopping"):
        return True
    base = s.split(".")[0] if "." in s else s
    return base in sites or (s.startswith("m.") and s[2:] in sites)


def default_channel_group(source: object, medium: object, campaign: object = None) -> str:
    """The GA4 default channel group of a session's source, medium and campaign.

    Parameters
    ----------
    source, medium, campaign : str or None
        As GA4 or UTM tags give them (``google`` / ``cpc`` / ``Brand FR``); case-insensitive;
        ``(not set)`` and empty mean none.

    Returns
    -------
    str
        ``Direct``, ``Cross-network``, ``Paid Shopping``, ``Paid Search``, ``Paid Social``,
        ``Paid Video``, ``Display``, ``Paid Other``, ``Organic Shopping``, ``Organic Social``,
        ``Organic Video``, ``Organic Search``, ``Referral``, ``Email``, ``Affiliates``, ``Audio``,
        ``SMS``, ``Mobile Push Notifications`` or ``Unassigned``.

    Examples
    --------
    >>> default_channel_group("google", "cpc")
    'Paid Search'
    >>> default_channel_group("(direct)", "(none)")
    'Direct'
    >>> default_channel_group("newsletter", "email")
    'Email'
    """
    def norm(v: object) -> str:
        s = "" if v is None else str(v).strip().lower()
        return "" if s in ("(not set)", "nan", "none") else s

    src, med, camp = norm(source), norm(medium), norm(campaign)
    if src in ("(direct)", "direct") and med in ("", "(none)", "(not set)"):
        return "Direct"
    if "cross-network" in camp:
        return "Cross-network"
    paid = bool(_PAID_MEDIUM.match(med))
    shop = _in(src, SHOPPING_SOURCES) or bool(_SHOP_CAMPAIGN.match(camp))
    if shop and paid:
        return "Paid Shopping"
    if _in(src, SEARCH_SOURCES) and paid:
        return "Paid Search"
    if _in(src, SOCIAL_SOURCES) and paid:
        return "Paid Social"
    if _in(src, VIDEO_SOURCES) and paid:
        return "Paid Video"
    if med in _DISPLAY_MEDIA:
        return "Display"
    if paid:
        return "Paid Other"
    if shop:
        return "Organic Shopping"
    if _in(src, SOCIAL_SOURCES) or med in _SOCIAL_MEDIA:
        return "Organic Social"
    if _in(src, VIDEO_SOURCES) or "video" in med:
        return "Organic Video"
    if _in(src, SEARCH_SOURCES) or med == "organic":
        return "Organic Search"
    if med in ("referral", "app", "link"):
        return "Referral"
    if _EMAIL.search(src) or _EMAIL.search(med):
        return "Email"
    if med == "affiliate":
        return "Affiliates"
    if med == "audio":
        return "Audio"
    if src == "sms" or med == "sms":
        return "SMS"
    if med.endswith("push") or "mobile" in med or "notification" in med or src == "firebase":
        return "Mobile Push Notifications"
    return "Unassigned"


#: Channel of the spend of each ad platform whose campaigns have no type (Meta, LinkedIn...).
AD_PLATFORM_CHANNEL = {
    "meta_ads": "Paid Social",
    "linkedin_ads": "Paid Social",
    "tiktok_ads": "Paid Social",
    "microsoft_ads": "Paid Search",
    "google_ads": "Paid Search",
    "awin": "Affiliates",
}

#: Google Ads (and Microsoft Ads) campaign type -> channel, keys lower-cased, UI and API spellings.
GOOGLE_ADS_CAMPAIGN_TYPES = {
    "search": "Paid Search",
    "shopping": "Paid Shopping",
    "display": "Display",
    "video": "Paid Video",
    "performance max": "Cross-network",
    "performance_max": "Cross-network",
    "demand gen": "Paid Social",
    "demand_gen": "Paid Social",
    "discovery": "Paid Social",
    "smart": "Cross-network",
    "app": "Paid Other",
    "multi_channel": "Cross-network",
    "local": "Cross-network",
    "hotel": "Paid Search",
    "travel": "Paid Search",
    "audience": "Display",  # Microsoft Audience network
    "local services": "Paid Search",
    "local_services": "Paid Search",
    "dynamic search ads": "Paid Search",  # Microsoft Ads
    "dynamic_search_ads": "Paid Search",
    "search & content": "Paid Search",  # Microsoft Ads (older campaigns)
}

#: HubSpot "Original Source" values (UI labels and internal names) -> channel.
HUBSPOT_SOURCES = {
    "organic search": "Organic Search", "organic_search": "Organic Search",
    "paid search": "Paid Search", "paid_search": "Paid Search",
    "email marketing": "Email", "email_marketing": "Email",
    "social media": "Organic Social", "social_media": "Organic Social",
    "organic social": "Organic Social", "organic_social": "Organic Social",
    "paid social": "Paid Social", "paid_social": "Paid Social",
    "referrals": "Referral", "referral": "Referral",
    "ai referrals": "Referral", "ai_referrals": "Referral",
    "direct traffic": "Direct", "direct_traffic": "Direct",
    "other campaigns": "Paid Other", "other_campaigns": "Paid Other",
    "offline sources": "Offline", "offline": "Offline",
}
