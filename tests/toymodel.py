"""A randomly initialised MarianMT model with a real tokenizer, built in seconds.

Used by the tests (a tiny model) and ``bench/engines.py`` (a model shaped like
opus-mt-zh-en).  The parallel corpus that trains the sentencepiece models is
generated here from templates; it is not real data, and the model is not
trained, so its translations are noise: only the plumbing is real.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

#: (zh, en) people, places and organisations the templates fill in.
PEOPLE = [
    ("张伟", "Zhang Wei"),
    ("李娜", "Li Na"),
    ("王芳", "Wang Fang"),
    ("陈明", "Chen Ming"),
    ("刘洋", "Liu Yang"),
    ("赵磊", "Zhao Lei"),
    ("罗伯特·诺伊斯", "Robert Noyce"),
    ("约翰·罗尔斯", "John Rawls"),
    ("斐迪南·滕尼斯", "Ferdinand Tonnies"),
]
PLACES = [
    ("北京", "Beijing"),
    ("上海", "Shanghai"),
    ("海南", "Hainan"),
    ("深圳", "Shenzhen"),
    ("杭州", "Hangzhou"),
    ("漳州", "Zhangzhou"),
    ("福建", "Fujian"),
    ("广州", "Guangzhou"),
]
ORGS = [
    ("高瓴资本", "Hillhouse Capital"),
    ("腾讯", "Tencent"),
    ("华为", "Huawei"),
    ("阿里巴巴", "Alibaba"),
    ("英特尔", "Intel"),
    ("小米", "Xiaomi"),
]
#: (zh, en) sentence templates; {p}/{q} people, {c} a place, {o} an organisation,
#: {n} a number, {y} a year, {m} a product.
TEMPLATES = [
    ("{p}在{c}访问了{o}。", "{p} visited {o} in {c}."),
    ("{o}今年的收入增长了{n}%。", "{o}'s revenue grew by {n}% this year."),
    ("{p}表示，{o}将在{c}开设新办公室。", "{p} said {o} will open a new office in {c}."),
    ("{c}的经济在{y}年增长了{n}%。", "The economy of {c} grew by {n}% in {y}."),
    ("{p}和{q}昨天在{c}见面。", "{p} and {q} met in {c} yesterday."),
    ("{o}宣布投资{n}亿元。", "{o} announced an investment of {n}00 million yuan."),
    ("我们在{c}采访了{p}。", "We interviewed {p} in {c}."),
    ("{p}认为这个问题很重要。", "{p} believes this issue is important."),
    ("{y}年，{p}创办了{o}。", "In {y}, {p} founded {o}."),
    ("{o}的总部位于{c}。", "{o} is headquartered in {c}."),
    ("{p}说，{c}的房价上涨了{n}%。", "{p} said house prices in {c} rose by {n}%."),
    ("{o}在{c}有{n}名员工。", "{o} has {n} employees in {c}."),
    # Latin script inside Chinese text, as in real articles (product names).
    ("{o}发布了{m}。", "{o} released the {m}."),
    ("{p}在{c}展示了{m}。", "{p} showed the {m} in {c}."),
]
#: Product names written in Latin script in both languages.
PRODUCTS = ["iPhone 15", "Mate X5", "WeChat Pay", "Core i9", "MiPad Z", "QuickBook", "Kirin GX"]


def parallel_corpus(n: int, *, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` (zh, en) sentence pairs from the templates, reproducibly."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(n):
        zh_t, en_t = rng.choice(TEMPLATES)
        (pz, pe), (qz, qe) = rng.sample(PEOPLE, 2)
        cz, ce = rng.choice(PLACES)
        oz, oe = rng.choice(ORGS)
        num = str(rng.randint(2, 99))
        year = str(rng.randint(1990, 2024))
        product = rng.choice(PRODUCTS)
        zh = zh_t.format(p=pz, q=qz, c=cz, o=oz, n=num, y=year, m=product)
        en = en_t.format(p=pe, q=qe, c=ce, o=oe, n=num, y=year, m=product)
        pairs.append((zh, en))
    return pairs


def _train_spm(lines: list[str], vocab_size: int, path: Path, coverage: float) -> list[str]:
    """Train a unigram sentencepiece model; returns its pieces (specials excluded)."""
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=coverage,
        unk_id=0,
        bos_id=-1,
        eos_id=1,
        pad_id=-1,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    path.write_bytes(model.getvalue())
    proc = spm.SentencePieceProcessor(model_proto=model.getvalue())
    return [proc.id_to_piece(i) for i in range(proc.get_piece_size()) if i > 1]


def build_toy_marian(
    folder: Path,
    *,
    d_model: int = 16,
    layers: int = 1,
    heads: int = 2,
    ffn_dim: int = 32,
    vocab_size: int | None = None,
    corpus_size: int = 400,
    init_std: float = 0.3,
    seed: int = 0,
) -> Path:
    """Save a random MarianMT model and its tokenizer into ``folder``.

    ``vocab_size`` pads the vocabulary with unused tokens (opus-mt-zh-en has
    65001) so the output layer costs what the real one does.
    """
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    pairs = parallel_corpus(corpus_size, seed=seed)
    zh_pieces = _train_spm([z for z, _ in pairs], 300, folder / "source.spm", 1.0)
    en_pieces = _train_spm([e for _, e in pairs], 300, folder / "target.spm", 1.0)
    tokens = ["</s>", "<unk>"]
    for piece in zh_pieces + en_pieces:
        if piece not in tokens:
            tokens.append(piece)
    if vocab_size is not None:
        tokens += [f"<extra_{i}>" for i in range(vocab_size - 1 - len(tokens))]
    tokens.append("<pad>")
    vocab = {t: i for i, t in enumerate(tokens)}
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False))
    tokenizer = MarianTokenizer(
        str(folder / "source.spm"),
        str(folder / "target.spm"),
        str(folder / "vocab.json"),
        source_lang="zh",
        target_lang="en",
    )
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn_dim,
        decoder_ffn_dim=ffn_dim,
        max_position_embeddings=512,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.eval()  # type: ignore[no-untyped-call]
    # transformers' std of 0.02 gives near-uniform outputs; the wider default
    # makes scores differ between sentences, as a trained model's do.
    with torch.no_grad():
        for name, param in model.named_parameters():
            if param.dim() == 2 and "embed_positions" not in name:
                param.normal_(0.0, init_std)
        model.model.shared.weight[pad].zero_()
    model.generation_config = GenerationConfig(  # type: ignore[no-untyped-call]
        bad_words_ids=[[pad]],
        decoder_start_token_id=pad,
        eos_token_id=0,
        pad_token_id=pad,
        forced_eos_token_id=0,
        max_length=512,
        num_beams=4,
    )
    model.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    return folder
