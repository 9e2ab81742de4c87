"""The Finnish (and English) language tools shared by the domains: the assistant's search and
wording, the open question's word cloud and the synthesis's themes all read texts the same way."""
