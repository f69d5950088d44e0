"""Every word the reports show, in English (``en``).

Same keys and the same ``{placeholders}`` as every other language file (a test checks it);
see :mod:`roianalysis.report.texts`.
"""

TEXTS: dict[str, str] = {
    # ---- Common words, and the chapters 02 to 05 (acquisition, retention, lifetime value, attribution)
    "subtitle": "{client} · {period} ({dates}) · compared with {comparison}",
    "comparison_previous": "the previous period",
    "comparison_year_ago": "the same period a year earlier",
    "col_period": "{period}",
    "col_change": "Change",
    "col_metric": "Metric",
    "col_channel": "Channel",
    "col_campaign": "Campaign",
    "col_segment": "Segment",
    "col_owner": "Sales rep",
    "col_month": "Month",
    "col_model": "Model",
    "col_share_leads": "Share of leads",
    "col_share_cost": "Share of spend",
    "warnings_title": "Notes on the data",
    "warnings_intro": "The data received has {n} point(s) to check; the analysis could go on:",
    "method_title": "Method",
    "average": "average",
    "unknown_channel": "(unknown)",
    "all_channels": "(all channels)",
    "no_campaign": "(none)",
    "no_segment": "(no segment)",
    "above": "above",
    "below": "below",
    "in_line": "in line with",
    "and": "and",
    "no_spend": (
        "No marketing spend was provided: costs, cost per lead, customer acquisition cost and "
        "ROI cannot be computed."
    ),
    "no_leads": (
        "No leads (inbound contacts, quote requests, sign-ups) were provided: cost per lead and "
        "lead conversion rates are not computed in this report."
    ),
    "no_orders": (
        "No orders were provided (or none has been placed yet): revenue, customers and ROI are "
        "not available yet."
    ),
    "no_touchpoints": (
        "No visit data (website visits, clicks to the site) was provided: visitors and journeys "
        "are not available."
    ),
    "visits_aggregated": (
        "Visits come from the web analytics reports, day by day and per channel, without the "
        "detail per person: visitors are the sum of each day's users (someone who came on "
        "several days counts several times) and individual journeys are not available."
    ),
    "no_acquisition_channel": (
        "Neither leads nor visits tell through which channel customers came: revenue, ROI and "
        "customer results cannot be split by channel; only the totals are shown."
    ),
    "no_nps": (
        "No Net Promoter Score survey answers were provided for this client: satisfaction is not "
        "measured in this report."
    ),
    "nothing_in_period": "Nothing to show for {period}: no data falls in this period.",
    "acq_title": "Acquisition cost per channel",
    "acq_intro": (
        "This report sets, channel by channel, what acquisition cost (marketing spend, tools, "
        "agency) against what it brought: visitors, leads, new customers and revenue. Ratios "
        "matter more than volumes: what a lead costs, what a customer costs, how many visitors "
        "it takes to win one."
    ),
    "acq_summary_title": "Key figures",
    "acq_summary_caption": (
        "Indicators of the period, all channels together, compared with {comparison}."
    ),
    "acq_summary_sentence": (
        "Over {period}, {cost} of marketing spend brought **{leads} leads** (cost per lead "
        "{cpl}) and **{customers} new customers** (customer acquisition cost {cac}); the "
        "period's revenue is {revenue} and the paid channels' ROI {roi}."
    ),
    "acq_summary_leads_only": (
        "Over {period}, {cost} of marketing spend brought **{leads} leads** (cost per lead "
        "{cpl})."
    ),
    "acq_summary_customers_only": (
        "Over {period}, {cost} of marketing spend brought **{customers} new customers** "
        "(customer acquisition cost {cac}); the period's revenue is {revenue} and the paid "
        "channels' ROI {roi}."
    ),
    "acq_summary_visitors": (
        "The site received {visitors} visitors ({sessions} visits); a visitor cost {cpv}."
    ),
    "search_title": "Organic search: the searches that bring visits",
    "search_caption_query": (
        "The {n} Google searches that brought the most clicks to the site over {period}, "
        "compared with {comparison}."
    ),
    "search_caption_page": (
        "The {n} pages of the site that received the most clicks from Google search results over "
        "{period}, compared with {comparison}."
    ),
    "search_caption_undated": (
        "The {n} searches (or pages) that brought the most clicks over the whole range covered "
        "by the search report received."
    ),
    "search_col_query": "Search",
    "search_col_page": "Page",
    "search_top_query": (
        "The search “{name}” comes first with {clicks} clicks, at an average position of "
        "{position}."
    ),
    "search_top_page": (
        "The page {name} comes first with {clicks} clicks, at an average position of {position}."
    ),
    "search_change": (
        "Together, these {n} rows received {clicks} clicks, {change} against {comparison}."
    ),
    "search_undated": (
        "The report received covers its own range without a day-by-day detail: it is not "
        "compared with an earlier period."
    ),
    "search_read": (
        "How to read: the average position is the site's rank in the results (1 = first result), "
        "weighted by the number of times it was shown; a falling position is an improvement. The "
        "click-through rate sets clicks against times shown."
    ),
    "search_none": "No search brought a click over the period.",
    "acq_change_sentence": (
        "Compared with {comparison} ({cmp_period}), leads changed by {leads} and the cost per "
        "lead by {cpl}."
    ),
    "acq_read_summary": (
        "How to read: the Change column gives the relative change for volumes and amounts, and "
        "the difference in points for rates. A falling cost is good news; a falling rate is not."
    ),
    "funnel_title": "The funnel: from visitor to customer",
    "funnel_chart_title": "Acquisition funnel, {period}",
    "stage_visitors": "Visitors",
    "stage_leads": "Leads",
    "stage_customers": "New customers",
    "funnel_note_v2l": "{rate} of visitors become leads",
    "funnel_note_l2c": "{rate} of leads buy within {days} days",
    "funnel_sentence": (
        "The funnel shows how many contacts pass each step. Of {visitors} visitors, {leads} "
        "became leads ({v2l}); {l2c} of the period's leads placed a first order within {days} "
        "days. It took **{vpc} visitors to win one new customer**."
    ),
    "funnel_direct_buyers": (
        "There are more new customers than leads: some customers buy without becoming a lead "
        "first (direct online purchase)."
    ),
    "channels_title": "Cost and results per channel",
    "channels_caption": (
        "Spend, volumes, unit costs and conversion rates per acquisition channel over {period}."
    ),
    "channels_return_caption": (
        "Conversion per acquisition channel over {period} (the return on investment has its own "
        "section below)."
    ),
    "channels_top_leads": (
        "**{channel}** brought {share} of leads at a cost per lead of {cpl}, {diff} {direction} "
        "the average ({avg})."
    ),
    "channels_top_leads_free": (
        "**{channel}** brought {share} of leads, with no direct spend over the period."
    ),
    "channels_cheapest_cac": (
        "Among paid channels, **{channel}** wins customers at the lowest cost ({cac} per new "
        "customer); **{worst}** at the highest ({worst_cac})."
    ),
    "channels_free": (
        "Channels without spend ({channels}) cost nothing directly: their cost per lead means "
        "little alone, but their volume counts in the funnel."
    ),
    "unit_costs_title": "Cost per lead and per customer",
    "cpl_chart_title": "Cost per lead by channel, {period}",
    "cac_chart_title": "Customer acquisition cost by channel, {period}",
    "unit_costs_sentence": (
        "Each bar gives the cost of a lead (then of a new customer) on a paid channel; the "
        "dashed line is the paid-channel average. A short bar is an efficient channel; a bar far "
        "beyond the line deserves a review."
    ),
    "unit_costs_none": (
        "No channel has both spend and leads over the period: no unit cost to compare."
    ),
    "roi_title": "Return on investment per channel",
    "roi_chart_title": "ROI by channel, {period}",
    "roi_sentence": (
        "ROI relates the revenue of the customers a channel acquired (its \"original source\" in "
        "the CRM) to what the channel cost: ROI = (revenue − cost) / cost. A negative ROI means "
        "the channel has not yet paid back its spend. The attribution report compares other ways "
        "of splitting revenue."
    ),
    "roi_best": "**{channel}** has the best ROI ({roi}, i.e. {roas} of revenue per {one} spent).",
    "roi_negative": "Negative ROI over the period: {channels}.",
    "roi_none": "ROI per channel needs spend and orders: it is not available.",
    "campaigns_title": "Per campaign",
    "campaigns_caption": "The {n} campaigns with the most spend over {period}.",
    "campaigns_sentence": (
        "Within a channel, campaigns differ: **{campaign}** ({channel}) has the lowest cost per "
        "lead among paid campaigns ({cpl})."
    ),
    "campaigns_none": "Spend is not broken down by campaign.",
    "segments_title": "Per lead segment",
    "segments_caption": (
        "Leads, conversion and revenue per lead segment over {period} (spend is not split by "
        "segment)."
    ),
    "segments_sentence": (
        "The **{segment}** segment converts best: {rate} of its leads became customers."
    ),
    "segments_none": "This client's leads carry no segment.",
    "owners_title": "Lead handling by sales rep",
    "owners_caption": (
        "Leads assigned, conversion rate and median sales cycle per sales rep over {period}."
    ),
    "owners_sentence": (
        "**{owner}** converts the most leads ({rate}); the median sales cycle ranges from "
        "{fastest} to {slowest} across reps."
    ),
    "trends_title": "Monthly trends",
    "trend_cost_title": "Marketing spend per channel and month",
    "trend_leads_title": "Leads per channel and month",
    "trend_cpl_title": "Cost per lead, all channels, by month",
    "trends_sentence": (
        "The lines cover the 12 months ending with the period. The cost per lead went from "
        "{first} in {first_month} to {last} in {last_month} ({change}). Spend rising without "
        "more leads shows as a rising cost per lead."
    ),
    "trends_sentence_short": "The lines cover the 12 months ending with the period.",
    "acq_method": (
        "*Marketing cost*: every expense except the `sales` category; *acquisition cost* (CAC): "
        "every expense, tools and agency included. CPL = marketing cost / leads; CAC = "
        "acquisition cost / new customers; lead-to-customer rate = share of the period's leads "
        "who ordered within {days} days. A lead's channel is its original source, else its first "
        "touchpoint."
    ),
    "att_title": "Channel attribution",
    "att_intro": (
        "A customer often meets several channels before {goal}: an ad, an e-mail, a search... "
        "Who deserves the credit? Each attribution model answers differently. This report sets "
        "them side by side to tell the channels that open journeys from those that close them, "
        "and what that changes to ROI."
    ),
    "goal_order": "ordering",
    "goal_lead": "becoming a lead",
    "conversion_order": "first order",
    "conversion_lead": "lead creation",
    "att_journeys_title": "The journeys",
    "att_journeys_sentence": (
        "Over {period}, {journeys} journeys were rebuilt, of which **{conversions} end in a "
        "conversion** ({conversion}; conversion rate {rate}). A converting journey has on "
        "average {touches} touchpoints over the {lookback} days before conversion; {multi} of "
        "conversions involved more than one channel."
    ),
    "att_paths_caption": (
        "The {n} most frequent converting paths (sequence of channels touched, first to last)."
    ),
    "col_path": "Path",
    "col_conversions": "Conversions",
    "col_nulls": "Not converted",
    "col_conversion_rate": "Conversion rate",
    "col_value": "Revenue",
    "att_no_journeys": (
        "No journey could be rebuilt over the period: attribution needs, for each customer, the "
        "visits that came before the purchase (or the contact request), and there are none here."
    ),
    "att_heuristics_title": "Rule-based models",
    "att_heuristics_caption": (
        "Conversions credited to each channel by each rule-based model, over {period}."
    ),
    "att_heuristics_chart": "Conversions credited per channel and model",
    "att_heuristics_sentence": (
        "*First touch* gives all the credit to the channel that opened the journey, *last touch* "
        "to the one that closed it; *linear*, *time decay* and *position-based* (40/20/40) share "
        "it. **{opener}** gains most from being judged on first touch: it is a discovery "
        "channel. **{closer}** gains most on last touch: it is a closing channel."
    ),
    "att_models_title": "Data-driven models",
    "att_models_chart": "Share of conversions credited by model",
    "att_models_sentence": (
        "The two data-driven models measure what each channel adds by comparing journeys with "
        "and without it. Each model's bar gives the share of conversions credited to each "
        "channel. The models disagree most on **{channel}**: from {low} ({low_model}) to {high} "
        "({high_model}) of conversions. When models agree on a channel, its role is settled; "
        "when they disagree, the budget decision depends on the question asked (discover or "
        "close)."
    ),
    "att_removal_chart": "Conversions lost if the channel were taken out of the journeys",
    "att_removal_sentence": (
        "This chart estimates the share of conversions that would disappear if a channel were "
        "taken out of the journeys. Without **{channel}**, {effect} of conversions would be lost."
    ),
    "att_transitions_title": "How channels follow each other",
    "att_transitions_chart": "Probability of moving from a channel (row) to the next (column)",
    "att_transitions_sentence": (
        "Each row gives, for a contact who just touched a channel, the probability of the next "
        "step: another channel, conversion or leaving. The highest conversion probability "
        "follows **{channel}** ({rate}); journeys most often start with **{start}** "
        "({start_rate})."
    ),
    "state_start": "(start)",
    "state_conversion": "(conversion)",
    "state_null": "(no conversion)",
    "att_roi_title": "ROI per channel by model",
    "att_roi_caption": (
        "ROI of each paid channel depending on the model that credits it with revenue, over "
        "{period}."
    ),
    "att_cpa_caption": "Cost per credited conversion of each paid channel by model, over {period}.",
    "att_roi_chart": "ROI per channel and model",
    "att_cpa_chart": "Cost per credited conversion, per channel and model",
    "att_roi_robust": "Whatever the model, **{channels}** earns more than it costs.",
    "att_roi_depends": (
        "The verdict on **{channel}** depends on the model: its ROI ranges from {low} "
        "({low_model}) to {high} ({high_model})."
    ),
    "att_cpa_sentence": (
        "This client's conversions are leads, without revenue: the table gives the credited cost "
        "per lead. **{channel}** has the steadiest cost from one model to another."
    ),
    "att_roi_none": "No spend over the period: ROI per model is not available.",
    "att_method": (
        "Conversion: {conversion}; lookback window: {lookback} days before conversion. Journeys "
        "without conversion count for the data-driven models: \"channel sequence\" (Markov "
        "model) and \"shared contribution\" (Shapley value). Every model splits exactly the "
        "total conversions and revenue. Markov: removal effect computed exactly (order-1 chain, "
        "no simulation); Shapley: Shapley value of the channel coalition game."
    ),
    "model_first_touch": "First touch",
    "model_last_touch": "Last touch",
    "model_last_non_direct": "Last non-direct touch",
    "model_linear": "Linear",
    "model_time_decay": "Time decay",
    "model_position_based": "Position-based (40/20/40)",
    "model_markov": "Channel sequence",
    "model_shapley": "Shared contribution",
    "ret_title": "Customer retention by cohort",
    "ret_intro": (
        "Winning a customer is expensive; keeping one pays. This report follows customers after "
        "their first order: how many come back, after how long, and depending on the channel "
        "that brought them."
    ),
    "ret_summary_title": "Retention over the period",
    "ret_summary_sentence": (
        "Of the {previous} customers who ordered in {cmp_period}, **{retained} ordered again in "
        "{period}**, a retention rate of {rate} (churn {churn}). Over a year, retention is "
        "{yearly}."
    ),
    "ret_summary_caption": "Retention, churn and purchase frequency, compared with {comparison}.",
    "ret_read_summary": (
        "A period's retention rate is the share of the previous period's customers who ordered "
        "again; churn is the rest."
    ),
    "ret_cohorts_title": "Monthly cohorts",
    "ret_heatmap_title": (
        "Share of each cohort's customers ordering k months after their first purchase"
    ),
    "ret_heatmap_x": "Months since first order",
    "ret_heatmap_y": "Cohort (month of first purchase)",
    "ret_heatmap_sentence": (
        "Each row groups the customers whose first order fell in the same month; each column "
        "gives the share of them ordering again k months later. On average, **{m1} of new "
        "customers order again the next month** and {m6} are still ordering six months later. A "
        "row darker than the others marks a better-retained cohort."
    ),
    "ret_heatmap_short": (
        "Each row groups the customers whose first order fell in the same month; each column "
        "gives the share of them ordering again k months later."
    ),
    "ret_channels_title": "Retention by acquisition channel",
    "ret_curves_title": (
        "Share of customers ordering k months after their first purchase, by acquisition channel"
    ),
    "ret_curves_sentence": (
        "Each line follows, month after month, the share of a channel's customers still "
        "ordering. Three months after their first purchase, customers who came through "
        "**{best}** are the most loyal ({best_rate}), those from **{worst}** the least "
        "({worst_rate}). A cheap channel bringing disloyal customers can cost more than it seems."
    ),
    "ret_churn_caption": (
        "Retention and churn of the period per acquisition channel, with purchase frequency and "
        "average basket."
    ),
    "ret_churn_sentence": "**{channel}** has the highest churn over the period ({churn}).",
    "ret_revenue_title": "Cumulative revenue per customer",
    "ret_revenue_chart": "Cumulative revenue per customer k months after the first purchase",
    "ret_revenue_sentence": (
        "On average, a new customer spent {m0} in the month of the first purchase and {m12} "
        "after {k} months: this is the value an acquisition cost must pay back."
    ),
    "ret_projection_title": "Retention curves projected",
    "ret_projection_chart": "Share of a cohort still active: observed and projected",
    "ret_observed": "Observed",
    "ret_projected": "Projected",
    "ret_projection_sentence": (
        "The shifted-beta-geometric model (Fader & Hardie, 2007) extends the observed curves: it "
        "projects that {p12} of a cohort will still be active after 12 months and {p24} after 24 "
        "months. The model assumes a customer who leaves does not come back: it suits "
        "subscriptions; for free-form purchases, read it as an order of magnitude."
    ),
    "ret_projection_none": "Too few observed cohorts to project retention.",
    "ret_no_cohorts": "No order before the end of the period: no cohort to follow.",
    "ret_method": (
        "Cohort: month of a customer's first order. A cell (c, k) is the share of cohort c's "
        "customers who ordered during month c + k. Only orders placed before the end of {period} "
        "count. The acquisition channel is the lead's original source, else the first touchpoint "
        "before the first order."
    ),
    "clv_title": "Customer lifetime value",
    "clv_intro": (
        "What is a customer worth over the whole relationship, in margin, and what did winning "
        "them cost? As long as lifetime value clearly exceeds the acquisition cost, the channel "
        "is a profitable investment."
    ),
    "clv_simple_title": "Lifetime value in one formula",
    "clv_simple_caption": (
        "Inputs over the 12 months ending with {period} and the lifetime value they give."
    ),
    "clv_simple_sentence": (
        "A customer spends on average {basket} per order, orders {freq} times a year, at a "
        "margin rate of {margin}, and {retention} of a year's customers buy again the next year. "
        "A customer is therefore worth **{clv} of margin over their lifetime** ({disc} "
        "discounted at {rate} a year)."
    ),
    "clv_vs_cac_sentence": (
        "With a customer acquisition cost of {cac} over {period}, the lifetime value to "
        "acquisition cost ratio is **{ratio}** (3 or more is the usual aim) and the acquisition "
        "cost is paid back in {payback} of margin."
    ),
    "input_average_basket": "Average basket",
    "input_frequency": "Orders per customer per year",
    "input_margin_rate": "Gross margin rate",
    "input_retention": "Yearly retention",
    "input_lifetime": "Expected lifetime",
    "input_years": "{n} years",
    "col_value_short": "Value",
    "clv_channels_title": "Lifetime value and acquisition cost per channel",
    "clv_channels_caption": (
        "Lifetime value (simple formula) of each acquisition channel's customers against the "
        "channel's customer acquisition cost over {period}."
    ),
    "clv_channels_chart": "Lifetime value and customer acquisition cost per channel",
    "clv_channels_sentence": (
        "Each pair of bars compares what a customer brings in margin over their lifetime with "
        "what they cost. **{best}** offers the best ratio ({best_ratio})."
    ),
    "clv_channels_weak": "Below 1 (the customer costs more than they bring): {channels}.",
    "clv_channels_ok": (
        "By the simple formula (the whole expected lifetime), every paid channel's customers are "
        "worth more than they cost."
    ),
    "clv_models_title": "Probabilistic models: who is still a customer?",
    "clv_models_intro": (
        "Two statistical models (one for purchases, one for their amount) estimate, customer by "
        "customer, the probability of still being active and the purchases to come, from three "
        "facts: number of purchases, date of the last one, and tenure."
    ),
    "clv_calibration_chart": (
        "Purchases per customer over the last {days} days: actual and predicted"
    ),
    "clv_calibration_x": "Repeat purchases before the holdout period",
    "clv_actual": "Actual",
    "clv_predicted": "Predicted by the model",
    "clv_model_bgnbd": "BG/NBD (Fader, Hardie & Lee, 2005)",
    "clv_model_pareto_nbd": "Pareto/NBD (Schmittlein, Morrison & Colombo, 1987)",
    "clv_model_geometric_nbd": (
        "BG/NBD with one dropout probability for every customer (the data show no difference "
        "between customers on this point; the limit of the BG/NBD of Fader, Hardie & Lee, 2005)"
    ),
    "clv_model_nbd": "NBD without dropout (the data show no customer leaving; Ehrenberg, 1959)",
    "clv_calibration_sentence": (
        "To check the model, it is fitted on the orders before the last {days} days, then "
        "compared with what actually happened next. Across customers it predicts {predicted} "
        "purchases per customer against {actual} observed ({gap}). Bars close to each other in "
        "every group mean the forecasts below can be trusted."
    ),
    "clv_alive_chart": "Probability of still being a customer",
    "clv_alive_y": "Customers",
    "clv_alive_sentence": (
        "Each bar counts customers by their probability of still being active at the end of "
        "{period}. **{share} of customers are probably still active** (probability above 50%). "
        "Customers with a middling probability are the natural target of a win-back campaign."
    ),
    "clv_top_title": "The most valuable customers",
    "clv_top_caption": (
        "The {n} customers with the highest expected value over the next {months} months "
        "(discounted margin)."
    ),
    "col_customer": "Customer",
    "col_orders": "Orders",
    "col_days_since": "Days since last",
    "col_p_alive": "Probability alive",
    "col_expected": "Expected purchases",
    "col_clv_model": "Expected value",
    "clv_top_sentence": (
        "These {n} customers hold {share} of the expected value of the whole customer base: "
        "knowing and looking after them matters."
    ),
    "clv_model_channels_caption": (
        "Expected value over {months} months per customer (models) by acquisition channel, "
        "against acquisition cost over {period}."
    ),
    "col_clv_cac": "Value / CAC (models)",
    "col_payback": "CAC payback",
    "col_customers": "Customers",
    "clv_model_channels_sentence": (
        "Over {months} months, a customer's expected value ranges from {low} (**{low_channel}**) "
        "to {high} (**{high_channel}**) depending on the channel that brought them."
    ),
    "clv_models_failed": (
        "The probabilistic models could not be fitted on this data ({reason}): only the simple "
        "formula is shown."
    ),
    "clv_too_few": "too few customers with repeat purchases",
    "clv_method": (
        "Simple formula: lifetime value = average basket × orders per year × margin rate × 1 / "
        "(1 − yearly retention); discounted: yearly margin × (1 + d) / (1 + d − r), d = {rate}. "
        "Models: {model} for purchases and Gamma-Gamma for their amount, fitted by maximum "
        "likelihood on the orders up to the end of {period}; expected value = margin of the "
        "purchases expected month by month over {months} months, discounted."
    ),
    "ret_nps_title": "Satisfaction (NPS)",
    "ret_nps_caption": (
        "Net Promoter Score of the answers received over {period}, by the respondent's "
        "acquisition channel."
    ),
    "ret_nps_sentence": (
        "The period's NPS is **{nps}** over {answers} answers ({change} against {comparison}): "
        "share of promoters (9-10) minus share of detractors (0-6). A satisfied customer buys "
        "again and recommends: it is a leading indicator of retention."
    ),
    "ret_nps_channels": (
        "Customers who came through **{best}** are the most satisfied (NPS {best_nps}), those "
        "from **{worst}** the least (NPS {worst_nps})."
    ),
    "att_cpa_title": "Cost per conversion by model",
    "clv_missing": (
        "Lifetime value needs the yearly retention, hence at least two years of orders: it "
        "cannot be computed yet for {period}."
    ),
    "clv_no_convergence": (
        "the estimation did not converge, a sign of too little variety in the data"
    ),
    "segments_matrix_title": "Lead-to-customer rate by channel and segment",
    "segments_matrix_sentence": (
        "Which channel works with which target? Each cell gives the share of a channel's leads "
        "in a segment who became customers (blank cells: fewer than {min} leads). The best pair "
        "is **{channel}** × **{segment}** ({rate})."
    ),
    "verdict_increase": "Increase",
    "verdict_keep": "Keep",
    "verdict_reduce": "Reduce",
    "verdict_too_little_data": "Too little data",
    "verdict_reason_unknown_revenue": "the revenue of its customers is not known",
    "verdict_reason_small_sample": (
        "fewer than 10 new customers and 30 leads in the period: too few to judge"
    ),
    "verdict_reason_loses": (
        "it costs more than it brings in the period, and its customers' lifetime value does not "
        "cover their acquisition cost"
    ),
    "verdict_reason_loss_off_target": (
        "it costs more than it brings in the period and misses its objective"
    ),
    "verdict_reason_loss_worse": (
        "it costs more than it brings in the period and wins clearly fewer customers per unit "
        "spent than before"
    ),
    "verdict_reason_increase": (
        "it brings more than it costs and its customers are worth at least three times their "
        "acquisition cost"
    ),
    "verdict_reason_lifetime": (
        "it does not pay back within the period yet, but its customers' lifetime value covers "
        "their cost"
    ),
    "verdict_reason_off_target": "it brings more than it costs but misses its objective",
    "verdict_reason_worse": (
        "it brings more than it costs but wins clearly fewer customers per unit spent than before"
    ),
    "verdict_reason_thin": (
        "it brings more than it costs, but its customers are worth less than three times their "
        "acquisition cost"
    ),
    "roi_col_revenue": "New-customer revenue",
    "col_verdict": "Verdict",
    "roi_col_original": "Original-source ROI",
    "paid_channels_total": "Paid channels (together)",
    "paid_average": "paid-channel average",
    "campaign_not_tied": "not tied to a campaign",
    "roi_definition_title": "Channel ROI: the definition",
    "roi_caption": (
        "ROI of each paid channel over {period}, most expensive first; the last row takes the "
        "paid channels together, the average each one is compared with."
    ),
    "roi_bridge": (
        "The \"original source\" column is another reading, the CRM's: it credits the channel "
        "with this period's revenue of **every** customer it ever brought, repeat purchases "
        "included; it is therefore higher and does not say what the period's spend brought."
    ),
    "verdict_line": "**{channel}**: ROI {roi} — **{verdict}**: {reason}.",
    "verdicts_intro": "Verdict per paid channel, largest amount at stake first:",
    "verdict_rule": (
        "*Verdict* of a paid channel, in this order: \"too little data\" when it won fewer than "
        "10 new customers and created fewer than 30 leads in the period (or its customers' "
        "revenue is unknown); \"reduce\" when its ROI is negative and its customers' lifetime "
        "value does not cover their acquisition cost (lifetime value / CAC below 1), or when its "
        "ROI is negative and it misses an objective (CPL, CAC or ROI) or wins clearly fewer "
        "customers per unit spent than in the comparison period (a change not due to chance: "
        "Poisson test, p < 0.05); \"increase\" when its ROI is positive and its customers are "
        "worth at least 3 times their acquisition cost, with no missed objective and no real "
        "fall; \"keep\" otherwise."
    ),
    "att_col_report_roi": "Report ROI",
    "att_roi_bridge": (
        "The first column is the report ROI, the same in every chapter. The other columns are "
        "alternative readings: each model splits the revenue of the period's conversions among "
        "the channels of the journey (first touch credits the channel that introduced the brand, "
        "last touch the one that closed) and counts first orders only. They therefore differ "
        "from the report ROI, which credits the acquisition channel with everything its new "
        "customers bought in the period."
    ),
    "clv_model_bridge": (
        "These values are an alternative reading. The models count only the margin expected over "
        "the next {months} months, discounted; the simple formula, which gives the report's "
        "lifetime value / CAC (the per-channel table above), counts a customer's whole expected "
        "lifetime. A lower value / CAC here says a channel pays back over more than {months} "
        "months, not that it loses money."
    ),
    "alt_bars": "Bars, one per item: {items}.",
    "alt_reference": "Dashed line: {label} {value}.",
    "alt_clipped": "{items} goes beyond the scale, cut to keep the others readable.",
    "alt_grouped": "Bars in {n} groups ({groups}), one bar per series: {series}.",
    "alt_lines": "Lines of {series}, from {first} to {last}.",
    "alt_small_multiples": (
        "One small chart per series ({series}), from {first} to {last}, on the same scale."
    ),
    "alt_highlight": "The period of the report is highlighted.",
    "alt_funnel": "Funnel, top to bottom: {items}.",
    "alt_heatmap": (
        "Colour table of {rows} rows ({first_row} to {last_row}) and {cols} columns ({first_col} "
        "to {last_col}); highest value: {max} ({max_row}, {max_col})."
    ),
    "alt_histogram": "Histogram of {n} values, from {lo} to {hi}, median {median}.",
    "alt_empty": "No value to show.",
    "chart_zero_axis": "axis from zero",
    "chart_axis_cut": "axis cut",
    "kpis_col_cost": "Cost",
    "kpis_col_new_customers": "New customers",
    "kpis_col_revenue": "Revenue",
    # ---- 01 overview: the objectives scorecard
    "title": "Objectives scorecard",
    "intro": (
        "Each KPI is held against its objective, {comparison} and the same period a year "
        "earlier. Statuses follow each KPI's direction: a lower cost per lead is better, a "
        "higher conversion rate is better."
    ),
    "running": (
        "The period is still running: the data stops on {as_of} ({elapsed} of {total} days). "
        "Values are to date, compared with the first {elapsed} days of the reference periods; "
        "statuses of volumes and unit costs are judged on the end-of-period projection."
    ),
    "headline": (
        "{on} KPI(s) on track, {risk} at risk and {off} off track, out of {n} with an objective."
    ),
    "headline_none": (
        "No objective is set for this period: the table compares KPIs with the reference "
        "periods. Objectives per KPI (and per channel if needed) would let you follow targets."
    ),
    "item_provisional": " Provisional rate: the latest leads still have time to convert.",
    "status_on_track": "on track",
    "status_at_risk": "at risk",
    "status_off_track": "off track",
    "status_none": "no objective",
    "aarrr_title": "The AARRR funnel",
    "funnel_intro": (
        "Acquisition, activation, retention, revenue, referral: where the customer journey gains "
        "and loses people in the period."
    ),
    "stage_acquisition": "Acquisition",
    "stage_activation": "Activation",
    "stage_retention": "Retention",
    "stage_revenue": "Revenue",
    "stage_referral": "Referral",
    "col_stage": "Stage",
    "col_kpi": "KPI",
    "col_actual": "Actual",
    "col_target": "Objective",
    "col_achieved": "Achieved",
    "col_status": "Status",
    "col_vs_ref": "vs {ref}",
    "col_vs_year": "vs a year ago",
    "col_significance": "Real or noise?",
    "col_trend": "Trend ({n} months)",
    "col_projected": "Projected",
    "col_interval": "{level} interval",
    "col_to_date": "To date",
    "col_forecast": "Forecast",
    "col_current": "Analysed period",
    "col_vs_team": "vs team",
    "table_title": "KPIs and objectives, all channels",
    "legend": (
        "How to read: ✔ on track (objective met), ▲ at risk (at least {risk} of the objective), "
        "✖ off track. A \"real\" change is too clear to be chance; \"to confirm\" could still "
        "be; \"probably noise\" is an ordinary gap from one period to the next (details in the "
        "appendix)."
    ),
    "objectives_channels_title": "Objectives per channel",
    "channels_none": "No per-channel objective is set for this period.",
    "channel_kpis_title": "KPIs per channel",
    "bullets_title": "Actual against objective",
    "bullets_intro": (
        "Each bar shows the share of the objective achieved (100% = objective; for costs, a cost "
        "below the objective goes beyond 100%). The background bands mark the off-track, at-risk "
        "and on-track zones."
    ),
    "bullet_axis": "Share of the objective achieved",
    "pacing_title": "Pacing: where the period will end",
    "pacing_intro": (
        "End-of-period projection from the {elapsed} days elapsed out of {total}, by an "
        "exponential smoothing model (damped trend, weekly and yearly seasonality) fitted on "
        "past daily data."
    ),
    "forecast_title": "Where {next} is heading",
    "forecast_intro": (
        "Forecast of {next} for visitors, leads and revenue, from the pace of the last six "
        "months and the season."
    ),
    "forecast_started": (
        "{next} has already started: the data runs to {as_of} ({observed} of {total} days). The "
        "table separates what is already in, the forecast of the {remaining} remaining days and "
        "the expected total."
    ),
    "forecast_caveat": (
        "The {level} range covers only the ordinary ups and downs of the forecast days: not a "
        "change of budget nor an unusual event. On past periods, such a range held the outcome "
        "about 8 times out of 10."
    ),
    "col_observed": "Already in (to {date})",
    "col_remaining": "Forecast of the {days} days left",
    "col_expected_total": "Expected total",
    "team_title": "The sales team",
    "team_intro": (
        "Leads handled, lead-to-customer rate ({window}-day window), median sales cycle and "
        "revenue per sales rep. Team objectives apply to each rep as they are for rates and "
        "delays, in equal shares for volumes."
    ),
    "team_outlier": (
        "{owner}'s conversion rate ({rate}) stands apart from the rest of the team's ({team}): "
        "{verdict}."
    ),
    "appendix_method_title": "Appendix: method",
    "method_tests": (
        "Real or noise: two-proportion z-test for rates (conversion, retention, click-through), "
        "Poisson rate-ratio test for volumes (per day) and for CPL and CAC (leads or customers "
        "per unit spent), z-test on the NPS variance; a change is called real when p < 0.05, to "
        "confirm when p < 0.2, probably noise above. Money totals (revenue, costs) and their "
        "ratios are counted, not sampled: they are not tested. The table below gives each test "
        "and its p-value."
    ),
    "method_roi": (
        "ROI of paid channels (the figure of the summary and the recommendations): (the period's "
        "revenue of the customers whose first order falls in the period, acquired through a paid "
        "channel − the cost of those channels) / their cost. Overall ROI: (all the period's "
        "revenue − marketing cost) / marketing cost, repeat purchases of older customers "
        "included. ROI on growth: (revenue − the comparison period's revenue − marketing cost) / "
        "marketing cost."
    ),
    "method_money": (
        "Money at stake (the ranking of what worked and what did not): the gap to the objective, "
        "or to the comparison period, in revenue: a customer is worth the period's average "
        "revenue of a new customer, a lead that times the lead-to-customer rate, a visitor a "
        "lead's value times the visitor-to-lead rate; a unit-cost gap is multiplied by the "
        "volume, a rate gap by the base and the value, an ROI gap by the marketing cost. NPS and "
        "the sales cycle have no money value: they come last."
    ),
    "method_recommendations": (
        "Recommendations: each paid channel's verdict (increase, keep, reduce, too little data); "
        "increase or reduce moves {step} of the period's spend and the expected effect is that "
        "move times the channel's ROI (at the period's average return: a ceiling for an "
        "increase). With a budget plan from a mix model, the plan replaces the rule."
    ),
    "method_forecast": (
        "Forecast: exponential smoothing (damped trend, weekly and yearly seasonality) of the "
        "last six months of daily data; the range comes from 500 simulated paths of the model "
        "for the remaining days only (the days already observed are certain). Visitors: forecast "
        "visits times the analysed period's visitors per visit."
    ),
    "col_test": "Test",
    "col_p": "p-value",
    "col_reading": "Reading",
    "funnel_scale": (
        "Bar widths follow the square root of the counts, so that small stages stay visible: a "
        "bar half as wide holds a quarter as many people."
    ),
    "funnel_direct": (
        "There are more new customers ({customers}) than leads ({leads}): {direct} customers "
        "bought without becoming a lead first (a direct order, with no form or request before "
        "it)."
    ),
    "funnel_direct_some": (
        "Of the {customers} new customers, {direct} bought without becoming a lead first (a "
        "direct order)."
    ),
    "col_new_revenue": "New customers' revenue",
    "col_channel_roi": "Channel ROI",
    "details_title": "The details",
    "method_status": (
        "Status: share of the objective achieved (actual / objective, or objective / actual for "
        "costs); 100% or more: on track, at least {risk}: at risk, below: off track."
    ),
    "method_revenue": (
        "Revenue per channel is the revenue of the contacts acquired through that channel (lead "
        "channel, else first touch)."
    ),
    "no_objectives_table": (
        "No objectives were provided: statuses cannot be computed; the rest of the scorecard "
        "stands."
    ),
    "sparkline_alt": "Monthly trend",
    "summary_title": "At a glance",
    "vs": "vs",
    "label_channel_roi": "ROI of paid channels",
    "label_overall_roi": "Overall ROI (all revenue)",
    "roi_headline": (
        "The ROI of paid channels ({roi}) sets the revenue of the customers these channels won "
        "in the period, in the period ({revenue}), against what the channels cost ({cost}): what "
        "the period's spend brought."
    ),
    "roi_others": (
        "Counting all the period's revenue, repeat purchases of older customers included, it "
        "would be {overall}; counting only the revenue growth over {ref}, it is {growth}."
    ),
    "summary_worked": "What worked",
    "summary_missed": "What did not work",
    "summary_worked_none": "No objective met and no clear progress in the period.",
    "summary_missed_none": "No objective missed and no clear setback in the period.",
    "verdict_real_up": "a real rise",
    "verdict_real_down": "a real fall",
    "verdict_trend": "a trend to confirm",
    "verdict_noise": "probably noise",
    "item_objective": "**{label}**: {actual} against an objective of {target} ({ach} of it).",
    "item_objective_projected": (
        "**{label}**: the period should end at {projected} (between {low} and {high}) against an "
        "objective of {target}."
    ),
    "item_change": "**{label}**: {actual} against {ref_value} in {ref} ({delta}).",
    "item_money_worked": "Gain: about {money}.",
    "item_money_missed": "Shortfall: about {money}.",
    "item_reading": "It is {verdict}.",
    "item_vs": " Compared with {ref}: {delta}{verdict}.",
    "item_vs_noise": " Compared with {ref}: no clear change (probably noise).",
    "item_channel_worked": (
        "**{channel}**: {cost} spent, {customers} new customers who bought {revenue} in the "
        "period (ROI {roi})."
    ),
    "item_channel_missed": (
        "**{channel}**: {cost} spent for {customers} new customers and {revenue} of revenue in "
        "the period (ROI {roi})."
    ),
    "recommendations_title": "Recommendations",
    "action_increase": "Increase {channel}",
    "action_keep": "Keep {channel}",
    "action_reduce": "Reduce {channel}",
    "action_too_little_data": "Wait on {channel}",
    "effect_increase": (
        "{budget} of budget ({share} more) would bring at most {effect} of result (revenue minus "
        "spend) at the current return."
    ),
    "effect_reduce": (
        "{budget} of budget ({share} less) would change the result (revenue minus spend) by "
        "{effect} at the current return."
    ),
    "effect_plan": "{budget} of budget, for {effect} of expected result (revenue minus spend).",
    "effect_keep": "keep the current budget.",
    "effect_too_little_data": "too few customers to judge; keep the budget until more is known.",
    "reason_increase": "Its ROI ({roi}) is among the best of the paid channels.",
    "reason_keep": "Its ROI ({roi}) is in line with the paid channels.",
    "reason_reduce": "Its ROI ({roi}) is the weakest of the paid channels.",
    "reason_little": "Only {customers} new customers.",
    "reason_plan_increase": "The budget plan takes it from {current} to {optimal}.",
    "reason_plan_keep": "The budget plan keeps it near {current}.",
    "reason_plan_reduce": "The budget plan takes it down from {current} to {optimal}.",
    "recommendations_note": (
        "Without a mix model, the expected effect is the period's return: each extra amount "
        "spent brings what the average one brought. Returns usually fall as spend grows: move in "
        "steps and measure."
    ),
    "note_title": "A note from your analyst",
    # ---- 01 overview: words the page wrote itself
    "ref_to_date": "{period} to date",
    "verdict_short_real": "real",
    "verdict_short_trend": "to confirm",
    "verdict_short_noise": "noise",
    "legend_provisional": " *: provisional rate (conversion window not over yet).",
    "recommendation_line": "- **{move}**: {effect}",
    "test_two_proportion_z": "two-proportion z-test",
    "test_poisson_score": "Poisson rate-ratio test",
    "test_nps_z": "NPS z-test",
    # ---- 06 mix: where the next euro earns most
    "mix_title": "Where the next euro earns most",
    "mix_intro": (
        "This chapter estimates, week by week, the share of {target} each channel brings, "
        "including what clicks cannot see (consent refusals, offline), from {weeks} weeks of "
        "history up to {end}. The model accounts for each channel's delayed effect and its "
        "diminishing returns."
    ),
    "mix_target_revenue": "revenue",
    "mix_target_leads": "leads",
    "mix_no_spend": "No media spend was provided: this chapter needs spend per channel and day.",
    "mix_no_target": (
        "Neither orders nor leads were provided: there is nothing to relate the spend to."
    ),
    "mix_short": (
        "There are only {weeks} complete weeks of history. Telling the media's effect from the "
        "seasons' takes at least a year of weekly data: this chapter will be available as soon "
        "as the history allows it."
    ),
    "mix_unusable": "The data cannot support the model: {why}",
    "mix_roas_title": "Contribution and return per channel",
    "mix_roas_caption": "Over the {weeks} weeks; 90 % interval",
    "mix_col_spend": "Spend",
    "mix_col_contribution": "Contribution",
    "mix_col_roas": "Return per unit spent",
    "mix_col_interval": "90 % interval",
    "mix_col_marginal": "Return of the next unit",
    "mix_warnings_title": "What the data cannot tell",
    "mix_no_warning": (
        "Spend varied enough, and independently enough across channels, for each channel's "
        "effect to be measured."
    ),
    "mix_p_stable": (
        "{channel}: its spend barely changes from one week to the next, so its effect cannot be "
        "told apart from the rest. Vary it for a few weeks, or run a test, before trusting its "
        "return."
    ),
    "mix_p_collinear": (
        "{channel}: its spend moves together with {other}'s (correlation {corr}), so the model "
        "cannot split the credit between the two. Change one without the other for a while, or "
        "test one of them."
    ),
    "mix_p_confounded": (
        "{channel}: its spend follows the trend or the seasons, so its effect cannot be told "
        "apart from them. A test on this channel is needed to measure it."
    ),
    "mix_p_vif": (
        "{channel}: its spend is largely predictable from the other channels and the seasons, so "
        "its own effect is poorly measured."
    ),
    "mix_p_uncertain": (
        "{channel}: its return is too uncertain to act on (between {lower} and {upper} per unit "
        "spent)."
    ),
    "mix_curves_title": "Response curves",
    "mix_curves_chart": "Weekly {target} by weekly spend",
    "mix_curves_read": (
        "Each curve is the expected effect of a steady weekly spend; the band is the 90 % "
        "interval, the dot today's spend, the diamond the recommended spend. A flattening curve "
        "means the channel is close to saturation."
    ),
    "mix_legend_current": "current",
    "mix_legend_optimal": "recommended",
    "mix_axis_spend": "Weekly spend",
    "mix_plan_title": "Recommended reallocation",
    "mix_plan_caption": "Same weekly budget, each channel within ±30 % of its current spend",
    "mix_col_current": "Current spend / wk",
    "mix_col_optimal": "Recommended spend / wk",
    "mix_col_change": "Change",
    "mix_col_expected": "Expected effect / wk",
    "mix_plan_gain": (
        "Moving {moved} a week between channels would bring {gain} more {target} a week (90 % "
        "interval: {lower} to {upper})."
    ),
    "mix_plan_uncertain": (
        "This gain is within the model's uncertainty: test the change before rolling it out."
    ),
    "mix_plan_optimal": (
        "The current split is already the best within these limits: moving budget would not "
        "raise {target}."
    ),
    "mix_plan_flagged": (
        "The channels flagged above weigh on this recommendation: measure them with a test "
        "before moving budget."
    ),
    "mix_method": (
        "Media mix model: weekly {target} = baseline (trend, seasons) + for each channel a "
        "delayed (geometric adstock) and saturating (logistic) effect of its spend. Fitted by "
        "penalised maximum likelihood with no random draw: the same data give exactly the same "
        "figures. 90 % intervals by the Laplace method; on simulations they cover the true value "
        "90 % of the time. The reallocation maximises the expected effect on the model's "
        "response curves. Fit: R² {r2}, mean error {mape}; on the last {holdout} weeks forecast "
        "without seeing them: {holdout_mape}."
    ),
    # ---- Metric labels (the catalogue of roianalysis.catalog)
    "metric_cost": "Acquisition cost (all spend)",
    "metric_marketing_cost": "Marketing cost",
    "metric_media_cost": "Media cost",
    "metric_impressions": "Impressions",
    "metric_clicks": "Clicks",
    "metric_sessions": "Sessions",
    "metric_visitors": "Visitors",
    "metric_leads": "Leads",
    "metric_new_customers": "New customers",
    "metric_customers": "Ordering customers",
    "metric_orders": "Orders",
    "metric_revenue": "Revenue",
    "metric_gross_margin": "Gross margin",
    "metric_average_basket": "Average basket",
    "metric_purchase_frequency": "Purchase frequency",
    "metric_cpl": "Cost per lead",
    "metric_cpc": "Cost per click",
    "metric_ctr": "Click-through rate",
    "metric_cpm": "Cost per 1,000 impressions",
    "metric_cac": "Customer acquisition cost",
    "metric_cost_per_visitor": "Cost per visitor",
    "metric_visitor_to_lead": "Visitor to lead rate",
    "metric_lead_to_customer": "Lead to customer rate",
    "metric_visitors_per_customer": "Visitors per new customer",
    "metric_roas": "Return on ad spend",
    "metric_roi": "ROI",
    "metric_margin_roi": "ROI on gross margin",
    "metric_roi_on_growth": "ROI on revenue growth",
    "metric_retention_rate": "Retention rate",
    "metric_churn_rate": "Churn rate",
    "metric_yearly_retention": "Yearly retention",
    "metric_nps": "Net Promoter Score",
    "metric_nps_answers": "NPS answers",
    "metric_sales_cycle_days": "Median sales cycle",
    "metric_clv": "Customer lifetime value",
    "metric_clv_discounted": "Discounted customer lifetime value",
    "metric_ltv_to_cac": "LTV:CAC",
    "metric_cac_payback_months": "CAC payback",
    # ---- Short column headers of wide tables
    "short_cpl": "CPL",
    "short_cac": "CAC",
    "short_cpc": "CPC",
    "short_ctr": "CTR",
    "short_roas": "ROAS",
    "short_cost_per_visitor": "Cost / visitor",
    "short_visitors_per_customer": "Visitors / customer",
    "short_marketing_cost": "Marketing cost",
    "short_margin_roi": "ROI on margin",
    # ---- Organic-search table headers
    "search_head_clicks": "Clicks",
    "search_head_clicks_previous": "Clicks {period}",
    "search_head_clicks_change": "Change in clicks",
    "search_head_impressions": "Impressions",
    "search_head_ctr": "CTR",
    "search_head_position": "Average position",
    "search_head_position_previous": "Position {period}",
    # ---- Rules and definitions the reports state
    "objectives_rule": (
        "Objectives set for a longer period are read for this one pro rata by days for volumes "
        "(counts, amounts, costs: a yearly target of 1,200 leads is 300 for a 91-day quarter of "
        "a 364-day year) and as they are for ratios (CPL, ROI, conversion rates); an objective "
        "set for the period itself always wins."
    ),
    "roi_definition": (
        "Channel ROI = (revenue in the period of the new customers the channel acquired in the "
        "period − the channel's marketing cost in the period) / marketing cost. It is what the "
        "period's spend brought: repeat purchases of customers won earlier are not counted."
    ),
    # ---- Significance: a p-value in plain words
    "significance_no_data": "not enough data to tell",
    "significance_real_rise": "a real rise, not noise ({p})",
    "significance_real_fall": "a real fall, not noise ({p})",
    "significance_real_change": "a real change, not noise ({p})",
    "significance_trend": "a trend to confirm, could still be chance ({p})",
    "significance_noise": "within noise: could well be chance ({p})",
    # ---- Rendered pages and the index (roianalysis.render)
    "page_period": "Period",
    "page_period_sep": ":",
    "page_generated": "generated",
    "page_fingerprint": "Data fingerprint",
    "page_fingerprints": "Data fingerprints",
    "page_reports": "Reports",
    "page_no_reports": "No report yet.",
    "page_client": "Client",
    "page_notebook": "Report",
    "page_updated": "Generated",
    "page_chart": "Chart",
    "page_combined": "Full report",
    "page_combined_hint": "every chapter in one page",
    "page_contents": "Contents",
    "page_chapter": "Chapter",
    "page_pdf": "PDF to print or send",
    "page_chapters": "Chapters",
    "page_in_language": "in English",
    "language_name": "English",
    # ---- The scorecard command (terminal)
    "sc_head_metric": "Metric",
    "sc_head_channel": "Channel",
    "sc_head_actual": "Actual",
    "sc_head_target": "Target",
    "sc_head_achieved": "Achieved",
    "sc_head_status": "Status",
    "sc_head_previous": "Previous",
    "sc_head_previous_delta": "Δ prev.",
    "sc_head_year_ago": "Year ago",
    "sc_head_year_delta": "Δ year",
    "sc_head_p": "p",
    "sc_status_on_track": "OK  on track",
    "sc_status_at_risk": "!   at risk",
    "sc_status_off_track": "XX  off track",
    "sc_running": " (running, data to {as_of})",
    # ---- Numbers, units, dates and periods (roianalysis.report.format)
    "number_group": ",",
    "number_decimal": ".",
    "money": "{sign}{symbol}{digits}",
    "money_code": "{sign}{symbol}\u00a0{digits}",
    "percent": "{number}%",
    "unit_day": "day",
    "unit_days": "days",
    "unit_month": "month",
    "unit_months": "months",
    "unit_points": "pts",
    "period_half": "H{half} {year}",
    "period_quarter": "Q{quarter} {year}",
    "period_week": "week {week} of {year}",
    "period_range": "{first} to {last}",
    "day_first": "1",
    "datetime": "{day}, {clock} ({zone})",
    "label_colon": "{label}:",
    "date_numeric": "%Y-%m-%d %H:%M",
    "month_1": "January",
    "month_2": "February",
    "month_3": "March",
    "month_4": "April",
    "month_5": "May",
    "month_6": "June",
    "month_7": "July",
    "month_8": "August",
    "month_9": "September",
    "month_10": "October",
    "month_11": "November",
    "month_12": "December",
    "month_short_1": "Jan",
    "month_short_2": "Feb",
    "month_short_3": "Mar",
    "month_short_4": "Apr",
    "month_short_5": "May",
    "month_short_6": "Jun",
    "month_short_7": "Jul",
    "month_short_8": "Aug",
    "month_short_9": "Sep",
    "month_short_10": "Oct",
    "month_short_11": "Nov",
    "month_short_12": "Dec",
}
