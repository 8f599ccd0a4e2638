"""Korean text for lesson 04 (the generator): its exercises' checks, architecture, layer walker,
and the builder mistakes it shares with lesson 05.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
    # the generator's drawing (architecture.draw_blocks) and the parity figure
    "noise z":
        "노이즈 z",
    "even col":
        "짝수 열",
    "odd col":
        "홀수 열",
    "even row":
        "짝수 행",
    "odd row":
        "홀수 행",
    "has {found} stride-2 {kind} layers; for {size}×{size} images the specification needs {want}.":
        ("스트라이드 2인 {kind} 층이 {found}개입니다. {size}×{size} 이미지에는 명세상 {want}개가 "
         "필요합니다."),
    ("The count follows image_size: each of these layers doubles (or halves) width and height "
     "between 4 × 4 and the image. Compute it from image_size instead of writing a fixed number "
     "of layers."):
        ("개수는 image_size를 따릅니다: 이 층들은 4 × 4와 이미지 사이에서 너비와 높이를 하나씩 "
         "두 배로(또는 절반으로) 만듭니다. 층 수를 고정해서 쓰지 말고 image_size에서 계산하세요."),
    "Nothing follows the last row of the table.":
        "표의 마지막 행 뒤에는 아무 층도 없습니다.",
    "layer {number} is a plain ReLU.":
        "{number}번째 층이 그냥 ReLU입니다.",
    ("Use layers.LeakyReLU(negative_slope=0.2), as the deck does: a ReLU passes no gradient "
     "where its input is negative."):
        ("덱처럼 layers.LeakyReLU(negative_slope=0.2)를 쓰세요: ReLU는 입력이 음수인 곳에서 "
         "그래디언트를 전혀 넘기지 않습니다."),
    "layer {number} is Dropout.":
        "{number}번째 층이 Dropout입니다.",
    "the hidden depths run {found}; the table has {want}.":
        "은닉 깊이가 {found} 순서입니다. 표에서는 {want}입니다.",
    ("The last hidden block is `width` deep; going back towards 4 × 4 the depth doubles at each "
     "block, so the first block is the deepest."):
        ("마지막 은닉 블록의 깊이가 `width`입니다. 4 × 4 쪽으로 거슬러 갈수록 블록마다 깊이가 두 "
         "배가 되므로 첫 블록이 가장 깊습니다."),
    "layer {number} is UpSampling2D.":
        "{number}번째 층이 UpSampling2D입니다.",
    "layer {number} is {found}, after the output layer's transposed convolution.":
        "{number}번째 층이 출력층의 전치 합성곱 뒤에 있는 {found}입니다.",
    ("Batch norm and leaky ReLU stop before the output layer: the paper found that normalising "
     "the generated pixels themselves made training unstable."):
        ("배치 정규화와 leaky ReLU는 출력층 앞에서 멈춥니다: 논문은 생성된 픽셀 자체를 "
         "정규화하면 학습이 불안정해진다는 것을 발견했습니다."),
    "the output layer is followed by {found}, not tanh.":
        "출력층 뒤에 tanh가 아니라 {found}이(가) 옵니다.",
    "nothing":
        "아무것도 없음",
    ("The generator ends with tanh, so its pixels come out in [-1, 1], the range of the real "
     "images."):
        "생성자는 tanh로 끝나서 픽셀이 진짜 이미지의 범위인 [-1, 1]로 나옵니다.",
    ("at {rate:.0f} GFLOP/s, one SVHN epoch of Udacity's model ({tflop:.0f} TFLOP) would take "
     "{minutes:.0f} minutes"):
        ("{rate:.0f} GFLOP/s라면 Udacity 모델의 SVHN 에포크 하나({tflop:.0f} TFLOP)에 "
         "{minutes:.0f}분이 걸립니다"),
}
