"""Korean text for lesson 02 (upsampling): its exercises' checks, conv arithmetic, visualizer.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
    # -- exercise 1 ------------------------------------------------------------------------
    ("the whole image is repeated side by side, {factor}×{factor} copies of it, instead of "
     "each pixel growing into a {factor}×{factor} block."):
        ("각 픽셀이 {factor}×{factor} 블록으로 커지는 대신, 이미지 전체가 {factor}×{factor}개 "
         "복사되어 옆으로 나란히 반복되었습니다."),
    ("np.tile copies the whole array; you need the NumPy function that copies each element "
     "along one axis."):
        ("np.tile은 배열 전체를 복사합니다. 한 축을 따라 원소 하나하나를 복사하는 NumPy 함수가 "
         "필요합니다."),
    "returned shape {got}; a batch of shape {shape} upsampled by {factor} has shape {want}.":
        ("모양 {got}을(를) 반환했습니다. 모양이 {shape}인 배치를 {factor}배 업샘플링하면 모양은 "
         "{want}입니다."),
    ("Only axis 1 (height) and axis 2 (width) grow, each by the factor; the batch (axis 0) and "
     "the channels (axis 3) stay as they are."):
        ("축 1(높이)과 축 2(너비)만 각각 factor배로 커집니다. 배치(축 0)와 채널(축 3)은 그대로 "
         "둡니다."),
    ("has the right shape, but {count} of {size} values differ from Keras' UpSampling2D; the "
     "first at [image {b}, row {r}, column {c}, channel {ch}]: expected {want:.4g}, got "
     "{got:.4g}."):
        ("모양은 맞지만 값 {size}개 중 {count}개가 Keras의 UpSampling2D와 다릅니다. 첫 번째는 "
         "[이미지 {b}, 행 {r}, 열 {c}, 채널 {ch}]에 있습니다: 기대값 {want:.4g}, 실제값 "
         "{got:.4g}."),
    ("Output pixel (r, c) holds input pixel (r // factor, c // factor) of the same image and "
     "channel: check the order in which your code repeats or reshapes."):
        ("출력 픽셀 (r, c)에는 같은 이미지, 같은 채널의 입력 픽셀 (r // factor, c // factor)가 "
         "들어갑니다. 코드가 반복하거나 모양을 바꾸는 순서를 확인하세요."),
    "changed the batch it was given.":
        "받은 배치를 바꾸었습니다.",
    "Build a new array and return it; leave the input as it was.":
        "새 배열을 만들어 반환하고, 입력은 그대로 두세요.",
    # -- exercise 2 ------------------------------------------------------------------------
    "returned {got!r} of type {kind}; a size is a Python int.":
        "{kind} 형의 {got!r}을(를) 반환했습니다. 크기는 Python int입니다.",
    ("Look for / (true division always gives a float) or a rounding function that returns a "
     "float, such as np.ceil; // divides and rounds down in integers."):
        ("/(참 나눗셈은 언제나 float를 줍니다)나 np.ceil처럼 float를 돌려주는 반올림 함수를 "
         "찾아보세요. //는 정수로 나눈 뒤 내림합니다."),
    ("returned {got} for a kernel larger than the input: no window fits there, and Keras "
     "refuses such a layer."):
        ("입력보다 큰 커널에 대해 {got}을(를) 반환했습니다. 그곳에는 창이 하나도 들어가지 않고, "
         "Keras는 그런 층을 거부합니다."),
    ("The exercise asks for 0 when the kernel does not fit; your arithmetic goes below zero "
     "there."):
        ("실습 과제는 커널이 들어가지 않으면 0을 요구합니다. 여러분의 산술은 그곳에서 0 아래로 "
         "내려갑니다."),
    ("returned {got}, Keras gives {want}: your count loses the last window when the stride "
     "({s}) does not divide n ({n})."):
        ("{got}을(를) 반환했지만 Keras는 {want}를 줍니다. 스트라이드({s})로 n({n})이 "
         "나누어떨어지지 않을 때 여러분의 셈은 마지막 창을 잃습니다."),
    ("With 'same' there is one window for every s-th input pixel, starting with the first: "
     "count the pixels 0, s, 2s, … that lie below n."):
        ("'same'에서는 첫 픽셀부터 s번째 입력 픽셀마다 창이 하나씩 있습니다. n보다 작은 픽셀 "
         "0, s, 2s, …를 세어 보세요."),
    "returned {got}, Keras gives {want} ({diff:+d} window).":
        "{got}을(를) 반환했지만 Keras는 {want}를 줍니다(창 {diff:+d}개).",
    ("Count the window's positions: the first starts at pixel 0, each next one s pixels "
     "later, the last where the kernel still fits. Try n = k, where exactly one fits."):
        ("창의 위치를 세어 보세요. 첫 위치는 픽셀 0에서 시작하고, 다음 위치는 s 픽셀씩 뒤에서, "
         "마지막 위치는 커널이 아직 들어가는 곳에서 시작합니다. 창이 정확히 하나 들어가는 n = k로 "
         "시험해 보세요."),
    ("returned {got}, the length the stamps cover; Keras' layer is {want} long. Here the "
     "stride ({s}) is larger than the kernel ({k})."):
        ("자국들이 덮는 길이 {got}을(를) 반환했습니다. Keras 층의 길이는 {want}입니다. 여기서는 "
         "스트라이드({s})가 커널({k})보다 큽니다."),
    ("Read the experiment's rows where the stride is larger than the kernel: what does Keras "
     "keep after the last stamp, and how long is it?"):
        ("실험 표에서 스트라이드가 커널보다 큰 행을 읽어 보세요. Keras는 마지막 자국 뒤에 무엇을 "
         "남기고, 그 길이는 얼마일까요?"),
    ("returned {got}, the input's length; Keras' transposed layer with 'same' and stride {s} "
     "gives {want}."):
        ("입력의 길이 {got}을(를) 반환했습니다. 'same'과 스트라이드 {s}인 Keras 전치 층은 "
         "{want}를 줍니다."),
    ("'same' keeps the size only at stride 1. Read the transposed experiment's 'same' rows for "
     "strides 2 and 3."):
        ("'same'은 스트라이드 1에서만 크기를 그대로 둡니다. 전치 실험 표에서 스트라이드 2와 3의 "
         "'same' 행을 읽어 보세요."),
    "returned {got}, Keras gives {want} ({diff:+d}).":
        "{got}을(를) 반환했지만 Keras는 {want}를 줍니다({diff:+d}).",
    ("The first stamp covers output pixels 0 … k − 1 and each next one starts s pixels later: "
     "where does the last of the n stamps start, and where does it end? Try n = 1."):
        ("첫 자국은 출력 픽셀 0 … k − 1을 덮고, 다음 자국은 s 픽셀씩 뒤에서 시작합니다. n개 자국 "
         "중 마지막 자국은 어디서 시작해 어디서 끝날까요? n = 1로 시험해 보세요."),
    "returned {got}, which is not the length Keras' {layer} gives ({want}).":
        "{got}을(를) 반환했습니다. Keras {layer}가 주는 길이({want})가 아닙니다.",
    ("Check your derivation against the experiment's table row by row; the grader draws "
     "sizes, kernels and strides you have not seen."):
        ("유도한 식을 실험 표와 한 행씩 맞춰 보세요. 채점기는 여러분이 본 적 없는 크기, 커널, "
         "스트라이드를 뽑습니다."),
    # -- exercise 3 ------------------------------------------------------------------------
    ("gives Keras' output for the kernel with its last two axes swapped: your code takes the "
     "output channel from the kernel's last axis."):
        ("마지막 두 축을 맞바꾼 커널에 대한 Keras의 출력을 냅니다. 여러분의 코드는 출력 채널을 "
         "커널의 마지막 축에서 가져옵니다."),
    ("A transposed convolution's kernel has shape (k, k, C_out, C_in): kernel[a, b, o, c] "
     "connects input channel c to output channel o."):
        ("전치 합성곱의 커널은 모양이 (k, k, C_out, C_in)입니다. kernel[a, b, o, c]는 입력 채널 "
         "c를 출력 채널 o에 연결합니다."),
    ("gives Keras' output for the kernel turned by 180°: each stamp holds the kernel upside "
     "down and mirrored."):
        ("180° 돌린 커널에 대한 Keras의 출력을 냅니다. 자국마다 커널이 위아래로 뒤집히고 좌우로 "
         "반전되어 있습니다."),
    ("A stamp is the kernel as it is, scaled: kernel[0, 0] lands on the stamp's top-left "
     "pixel. (The flip belongs to another way of computing the same thing, not to the "
     "stamp.)"):
        ("자국은 크기만 조정한 커널 그대로입니다. kernel[0, 0]은 자국의 왼쪽 위 픽셀에 "
         "떨어집니다. (뒤집기는 같은 것을 계산하는 다른 방법에 속하며, 자국과는 관계없습니다.)"),
    "places the stamps one pixel apart, as if the stride were 1; here it is {stride}.":
        ("스트라이드가 1인 것처럼 자국을 한 픽셀 간격으로 놓습니다. 여기서 스트라이드는 "
         "{stride}입니다."),
    ("Where does input pixel (i, j)'s stamp start on the canvas? Section 4a's step-by-step "
     "figure shows it for stride 2."):
        ("입력 픽셀 (i, j)의 자국은 캔버스의 어디에서 시작할까요? 4a절의 단계별 그림이 "
         "스트라이드 2에서 보여 줍니다."),
    ("returned {got_h}×{got_w} pixels per image, Keras {want_h}×{want_w}: with padding "
     "'valid' the output is the whole canvas, and yours has {diff:+d} rows against it."):
        ("이미지마다 {got_h}×{got_w} 픽셀을 반환했고, Keras는 {want_h}×{want_w}입니다. 'valid' "
         "패딩에서 출력은 캔버스 전체인데, 여러분의 것은 행이 {diff:+d}개 다릅니다."),
    ("Where does the last stamp end? The first covers rows 0 … k − 1; your "
     "conv_transpose_output_size from exercise 2 gives the length Keras uses."):
        ("마지막 자국은 어디서 끝날까요? 첫 자국은 행 0 … k − 1을 덮습니다. 실습 과제 2의 "
         "conv_transpose_output_size가 Keras가 쓰는 길이를 줍니다."),
    ("returned the whole canvas, {got_h}×{got_w}; with padding 'same' Keras' output is "
     "{want_h}×{want_w}, cut out of it."):
        ("캔버스 전체 {got_h}×{got_w}를 반환했습니다. 'same' 패딩에서 Keras의 출력은 캔버스에서 "
         "잘라 낸 {want_h}×{want_w}입니다."),
    "Cut out_H × out_W pixels out of the canvas; the crop experiment shows where Keras cuts.":
        ("캔버스에서 out_H × out_W 픽셀을 잘라 내세요. Keras가 어디를 자르는지는 자르기 실험이 "
         "보여 줍니다."),
    ("has the right numbers in the wrong place: your output is the canvas from row {got_top}, "
     "column {got_left}; Keras' from row {want_top}, column {want_left} (kernel {k}, stride "
     "{stride}: {cut} of the canvas's rows are cut)."):
        ("수는 맞지만 자리가 틀렸습니다. 여러분의 출력은 캔버스의 {got_top}행, {got_left}열부터"
         "이고, Keras의 출력은 {want_top}행, {want_left}열부터입니다(커널 {k}, 스트라이드 "
         "{stride}: 캔버스의 행 중 {cut}개가 잘립니다)."),
    ("Run the crop experiment with this kernel and stride: when the rows to cut are odd, on "
     "which side does Keras cut the extra one?"):
        ("이 커널과 스트라이드로 자르기 실험을 해 보세요. 잘라 낼 행의 수가 홀수이면 Keras는 남는 "
         "한 행을 어느 쪽에서 자를까요?"),
    ("returned {got_h}×{got_w}, where the last stamp ends; Keras' output is {want_h}×{want_w}. "
     "The stride ({stride}) is larger than the kernel ({k}), and Keras keeps the gap after "
     "the last stamp, as zeros."):
        ("마지막 자국이 끝나는 {got_h}×{got_w}를 반환했습니다. Keras의 출력은 "
         "{want_h}×{want_w}입니다. 스트라이드({stride})가 커널({k})보다 크고, Keras는 마지막 "
         "자국 뒤의 틈을 0으로 남겨 둡니다."),
    ("Make the output array first, with the length your conv_transpose_output_size gives, and "
     "copy the canvas into it: what the canvas does not reach stays zero."):
        ("출력 배열을 conv_transpose_output_size가 주는 길이로 먼저 만들고 캔버스를 그 안에 "
         "복사하세요. 캔버스가 닿지 않는 곳은 0으로 남습니다."),
    ("Compare one stamp at a time: send an input with a single 1 through your function and "
     "through Keras (section 4a's experiment), and look where the two differ."):
        ("자국을 하나씩 비교하세요. 1이 하나만 있는 입력을 여러분의 함수와 Keras에 "
         "통과시키고(4a절의 실험), 둘이 어디서 다른지 보세요."),
    # -- exercise 4 ------------------------------------------------------------------------
    "returned {got!r} of type {kind}; return True or False.":
        "{kind} 형의 {got!r}을(를) 반환했습니다. True나 False를 반환하세요.",
    "Return the comparison itself (a == b is a bool), or wrap your result in bool().":
        "비교 자체를 반환하거나(a == b는 bool입니다) 결과를 bool()로 감싸세요.",
    "answers as if an even kernel decided it: {answer} for kernel {k}, stride {s}.":
        ("커널이 짝수인지가 결정하는 것처럼 답합니다: 커널 {k}, 스트라이드 {s}에 대해 "
         "{answer}."),
    ("Measure kernel {k} with stride {s} (add the pair to the measuring cell): does every "
     "position away from the borders get the same count?"):
        ("커널 {k}, 스트라이드 {s}를 측정해 보세요(측정 셀에 이 쌍을 더하세요). 테두리에서 "
         "떨어진 모든 위치가 같은 수를 받나요?"),
    ("returned True for kernel {k}, stride {s}: the stride is larger than the kernel, so the "
     "stamps do not touch and the pixels between them get no tap at all."):
        ("커널 {k}, 스트라이드 {s}에 대해 True를 반환했습니다. 스트라이드가 커널보다 커서 자국이 "
         "서로 닿지 않고, 그 사이의 픽셀은 탭을 하나도 받지 않습니다."),
    "A pixel that no stamp reaches has 0 taps, which is not the count its neighbours get.":
        "자국이 하나도 닿지 않는 픽셀은 탭이 0개이고, 이는 이웃 픽셀이 받는 수와 다릅니다.",
    ("returned False for kernel {k}, stride {s}, where every output pixel away from the "
     "borders gets the same number of taps."):
        ("커널 {k}, 스트라이드 {s}에 대해 False를 반환했습니다. 여기서는 테두리에서 떨어진 모든 "
         "출력 픽셀이 같은 수의 탭을 받습니다."),
    ("Near the borders fewer stamps reach a pixel, whatever the kernel: compare only the "
     "middle of the output, where the stamps overlap fully."):
        ("테두리 근처에서는 커널이 무엇이든 픽셀에 닿는 자국이 적습니다. 자국이 완전히 겹치는 "
         "출력의 가운데만 비교하세요."),
    ("Measure it: add ({k}, {s}) to the measuring cell's pairs and compare the counts away "
     "from the borders."):
        ("측정해 보세요. 측정 셀의 쌍에 ({k}, {s})를 더하고 테두리에서 떨어진 곳의 수를 "
         "비교하세요."),
    "overlap_is_even on {count} kernel and stride pairs":
        "커널과 스트라이드 쌍 {count}개에 대한 overlap_is_even",
    # -- conv_arithmetic and the visualizer -----------------------------------------------
    ("with padding 'same', kernel {k} and output_padding={output_padding} Keras asks for an "
     "output of {size} pixels, too few to have come from {n} inputs at stride {s}: "
     "TensorFlow refuses to run it. Use output_padding ≥ 1 (or None)."):
        ("'same' 패딩, 커널 {k}, output_padding={output_padding}이면 Keras는 출력 {size}픽셀을 "
         "요구하는데, 스트라이드 {s}에서 입력 {n}개로부터 나왔다기에는 너무 작습니다. "
         "TensorFlow는 실행을 거부합니다. output_padding ≥ 1(또는 None)을 쓰세요."),
    "Keras: input {n}×{n} → output {out}×{out}":
        "Keras: 입력 {n}×{n} → 출력 {out}×{out}",
    "<b style='color:#b22222'>No output: {problem}</b>":
        "<b style='color:#b22222'>출력 없음: {problem}</b>",
    ("<b style='color:{colour}'>Keras <code>{code}</code>: n = {n} → out = {out}</b> "
     "<span style='color:#777'>(drawn from Keras' own op)</span>"):
        ("<b style='color:{colour}'>Keras <code>{code}</code>: n = {n} → out = {out}</b> "
         "<span style='color:#777'>(Keras 자체 연산으로 그림)</span>"),
    "Your functions cover 'valid' and 'same' without output_padding.":
        "여러분의 함수는 output_padding 없는 'valid'와 'same'만 다룹니다.",
    ("Your conv_transpose_output_size and conv_transpose_naive join this caption once they "
     "pass the tests of exercises 2 and 3."):
        ("여러분의 conv_transpose_output_size와 conv_transpose_naive는 실습 과제 2와 3의 "
         "테스트를 통과하면 이 캡션에 함께 나옵니다."),
    "Your {name} joins this caption once it passes exercise 2's test.":
        "여러분의 {name}은(는) 실습 과제 2의 테스트를 통과하면 이 캡션에 함께 나옵니다.",
    "Your conv_transpose_naive joins this caption once it passes exercise 3's test.":
        "여러분의 conv_transpose_naive는 실습 과제 3의 테스트를 통과하면 이 캡션에 함께 나옵니다.",
    "your {call} raised {error}":
        "여러분의 {call}에서 {error}이(가) 발생했습니다",
    "your {call} = {value} {mark}":
        "여러분의 {call} = {value} {mark}",
    "your conv_transpose_naive raised {error}":
        "여러분의 conv_transpose_naive에서 {error}이(가) 발생했습니다",
    "your conv_transpose_naive returned shape {shape} ✗":
        "여러분의 conv_transpose_naive는 모양 {shape}을(를) 반환했습니다 ✗",
    ("your conv_transpose_naive gives the same {out}×{out} numbers: {mark} (largest "
     "difference {diff:.1g})"):
        ("여러분의 conv_transpose_naive가 같은 {out}×{out} 수를 냅니다: {mark} (최대 차이 "
         "{diff:.1g})"),
    "canvas (grey: cropped)":
        "캔버스 (회색: 잘려 나감)",
    "taps per pixel":
        "픽셀당 탭 수",
    # -- the lesson's cells ----------------------------------------------------------------
    "{layer}: output length for n = 1 … 6 input pixels":
        "{layer}: 입력 픽셀 n = 1 … 6에 대한 출력 길이",
    ("k={k}, s={s}, 3 input pixels: 'valid' gives {canvas}, 'same' keeps {out}; its top-left "
     "pixel holds kernel{entry}"):
        ("k={k}, s={s}, 입력 픽셀 3개: 'valid'는 {canvas}픽셀, 'same'은 {out}픽셀을 남깁니다. "
         "'same'의 왼쪽 위 픽셀에는 kernel{entry}이(가) 있습니다"),
    "largest difference between C^T y and Keras' Conv2DTranspose of y:":
        "C^T y와 y에 대한 Keras Conv2DTranspose의 최대 차이:",
    "kernel {k}, stride {s}: taps per output pixel, middle of the row: {taps}":
        "커널 {k}, 스트라이드 {s}: 출력 픽셀당 탭 수, 행의 가운데: {taps}",
    "Write conv_transpose_naive (exercise 3) first: this cell counts with it.":
        "먼저 conv_transpose_naive(실습 과제 3)를 작성하세요. 이 셀은 그것으로 셉니다.",
    "nearest ×4 (Keras)":
        "최근접 이웃 ×4 (Keras)",
    "explicit":
        "명시적",
    "resize + conv":
        "업샘플링 + 합성곱",
}
