"""Water-army detection: coordinated accounts, found live and in batch (docs/water-army.md).

* :mod:`.networks`: the account networks of the research toolkit (co_tweet, co_retweet,
  co_reply, co_link, co_similarity), with the same definitions, computed fast;
* :mod:`.detect`: campaigns: groups of accounts that act together repeatedly, scored and
  explained;
* :mod:`.live`: the incremental detector for the pipeline's ``on_stored`` hook;
* :mod:`.store`: campaigns, their accounts and posts, and people's decisions.
"""
