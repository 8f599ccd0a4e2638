"""Korean text that predates the split of the catalog into areas (most of the course).

Keyed by the English text in the code; merged into :data:`dcgan_course.messages_ko.KO`.
New entries go into the module of their area (lesson01.py, grading.py, ...).
"""

KO: dict[str, str] = {
    "{describe}: returned something the grader could not check ({kind}: {error}).":
        "{describe}: 채점기가 검사할 수 없는 값을 반환했습니다({kind}: {error}).",
    "did not return a model the grader could describe.":
        "채점기가 설명할 수 있는 모델을 반환하지 않았습니다.",
    "could not count its parameters (model.count_params() failed).":
        "파라미터 수를 셀 수 없습니다(model.count_params()가 실패했습니다).",
    "has {params:,} parameters; the table says {total:,}.":
        "파라미터가 {params:,}개입니다. 표에 따르면 {total:,}개여야 합니다.",
    "returned {value}, not a Keras model.":
        "{value}을(를) 반환했습니다. Keras 모델이 아닙니다.",
    "Return the model, e.g. keras.Sequential([...]) or keras.Model(inputs, outputs).":
        "모델을 반환하세요. 예: keras.Sequential([...]) 또는 keras.Model(inputs, outputs).",
    "the model raised {value} when called on {count} inputs of the right shape.":
        "올바른 모양의 입력 {count}개로 모델을 호출하자 {value}이(가) 발생했습니다.",
    "Call your model on a batch yourself, e.g. model(tf.zeros(...)), and fix what it reports.":
        "직접 배치 하나로 모델을 호출해 보고(예: model(tf.zeros(...))) 보고된 문제를 고치세요.",
    ("the grader's copy of your model, built from the layers it lists, does not compute what "
     "your model computes."):
        ("모델이 나열한 층으로 채점기가 다시 만든 사본이 여러분의 모델과 같은 값을 계산하지 "
         "않습니다."),
    ("Build the model from standard Keras layers in one chain (a Sequential, or a functional "
     "model without branches), without custom layers or call methods."):
        ("표준 Keras 층을 한 줄로 이어 모델을 만드세요(Sequential, 또는 분기 없는 함수형 모델). "
         "사용자 정의 층이나 call 메서드는 쓰지 마세요."),
    "the grader could not rebuild your model: {problem}.":
        "채점기가 모델을 다시 만들 수 없습니다: {problem}.",
    "Build it from the table's layers ({table_layers}) with their standard settings.":
        "표에 있는 층({table_layers})을 표준 설정으로 사용해 만드세요.",
    "d_loss returned by {what}":
        "{what}이(가) 반환한 d_loss",
    "g_loss returned by {what}":
        "{what}이(가) 반환한 g_loss",
    "left the {player} with a different set of weights.":
        "{player}의 가중치가 기대와 다릅니다.",
    "the {player}'s weights #{index} after {what}":
        "{what} 후 {player}의 가중치 #{index}",
    "did not return.":
        "반환하지 않았습니다.",
    "returned {got!r} of type {kind}; return an int.":
        "{kind} 타입의 {got!r}을(를) 반환했습니다. int를 반환하세요.",
    ("{count} of {size} values differ from Keras's Conv2DTranspose. The first is at [image {b}, "
     "row {r}, column {c}, channel {o}]: expected {want:.5g}, got {got:.5g}. Rows with wrong "
     "values: {rows}."):
        ("{size}개 값 중 {count}개가 Keras Conv2DTranspose와 다릅니다. 첫 번째는 [이미지 {b}, 행 "
         "{r}, 열 {c}, 채널 {o}]에 있습니다: 기대값 {want:.5g}, 실제값 {got:.5g}. 틀린 값이 있는 "
         "행: {rows}."),
    "returned {value}, which is not right for this kernel and stride.":
        "{value}을(를) 반환했습니다. 이 커널과 스트라이드에 맞는 값이 아닙니다.",
    ("The output is (N, out_H, out_W, C_out), with the sizes from your "
     "conv_transpose_output_size; C_out is kernel.shape[2]."):
        ("출력은 (N, out_H, out_W, C_out)이고 크기는 여러분의 conv_transpose_output_size가 "
         "줍니다. C_out은 kernel.shape[2]입니다."),
    "the default epsilon":
        "기본 epsilon",
    ("should return a dict with the keys 'generator' and 'discriminator', returned "
     "{answer!r:.200}."):
        ("키 'generator'와 'discriminator'가 있는 dict를 반환해야 하는데 {answer!r:.200}을(를) "
         "반환했습니다."),
    "should be a list of weight-layer numbers between 1 and 4, got {layers!r:.200}.":
        "1부터 4 사이의 가중치 층 번호 리스트여야 하는데 {layers!r:.200}입니다.",
    "{what} on {n} noise vectors":
        "노이즈 벡터 {n}개에 대한 {what}",
    "produced values outside [-1, 1].":
        "[-1, 1] 밖의 값을 만들었습니다.",
    "The number of transposed convolutions is log2(image_size / 4).":
        "전치 합성곱(Transposed Convolution)의 개수는 log2(image_size / 4)입니다.",
    "End with a tanh activation.":
        "마지막에 tanh 활성화 함수를 두세요.",
    "{what} on {count} images":
        "이미지 {count}개에 대한 {what}",
    "One logit per image: end with Dense(1).":
        "이미지마다 로짓 하나: 마지막에 Dense(1)을 두세요.",
    "your path runs backwards: at t = 0 it must be z0, at t = 1 z1.":
        "경로가 거꾸로입니다: t = 0에서 z0, t = 1에서 z1이어야 합니다.",
    "calling d_features changed D's weights or batch-norm statistics":
        "d_features를 호출하자 D의 가중치나 배치 정규화 통계가 바뀌었습니다",
    "an image's features changed with the rest of the batch":
        "한 이미지의 특징이 배치의 나머지에 따라 바뀌었습니다",
    "two calls on the same images gave different features":
        "같은 이미지로 두 번 호출했더니 특징이 달랐습니다",
    "{activation}, init ×{init_scale:g}, ":
        "{activation}, 초기화 ×{init_scale:g}, ",
    "collapsed: the last layers pass on almost nothing":
        "붕괴: 마지막 층들이 거의 아무것도 전달하지 않습니다",
    "exploding: the signal grows layer after layer":
        "폭발: 신호가 층마다 커집니다",
    "std {std:.2g}\n|x| > 0.95: {saturation:.0%}":
        "표준편차 {std:.2g}\n|x| > 0.95: {saturation:.0%}",
    "std {std:.2g}\nzeros: {zeros:.0%}":
        "표준편차 {std:.2g}\n0인 값: {zeros:.0%}",
    "layer {number}\n{label}":
        "층 {number}\n{label}",
    "layer":
        "층",
    "std of the outputs":
        "출력의 표준편차",
    "std of the layer's outputs":
        "층 출력의 표준편차",
    "How the signal's scale changes with depth":
        "깊이에 따라 신호의 크기가 어떻게 변하는가",
    "% saturated":
        "포화 비율(%)",
    "% beyond ±0.95":
        "±0.95 밖의 비율(%)",
    "batch norm":
        "배치 정규화",
    "activation":
        "활성화 함수",
    "init scale":
        "초기화 스케일",
    "mode":
        "모드",
    "warm-up passes":
        "워밍업 횟수",
    "images":
        "이미지",
    "average by pixel parity (border left out)":
        "픽셀 홀짝별 평균(테두리 제외)",
    "returned {kind}, not a Keras model.":
        "{kind}을(를) 반환했습니다. Keras 모델이 아닙니다.",
    ("the model has {count} layer(s) too many, starting with {extra} after the last expected "
     "layer."):
        "모델에 층이 {count}개 더 많습니다. 기대한 마지막 층 다음의 {extra}부터입니다.",
    "generator width":
        "생성자 너비",
    "parameters":
        "파라미터 수",
    "Size":
        "크기",
    "GFLOP per image per step":
        "이미지 하나, 스텝 하나당 GFLOP",
    "Cost of one training step":
        "학습 스텝 하나의 비용",
    "∝ width²":
        "∝ 너비²",
    "could not run a batch of shape (2, {dims}) through the model layer by layer: {kind}: {error}":
        "모양 (2, {dims})의 배치를 모델에 층별로 통과시킬 수 없습니다: {kind}: {error}",
    "Check the input size and that each layer's output fits the next one.":
        "입력 크기와 각 층의 출력이 다음 층에 맞는지 확인하세요.",
    ("the model stops after {count} layers; layer {number} should be {kind} with output "
     "{output_shape}."):
        ("모델이 {count}개 층에서 끝납니다. {number}번째 층은 출력 {output_shape}인 {kind}이어야 "
         "합니다."),
    "Compare your layers with the table in the text.":
        "본문의 표와 여러분의 층을 비교하세요.",
    "layer {number} should be {kind} (output {output_shape}), found {found} (output {shape}).":
        "{number}번째 층은 {kind}(출력 {output_shape})이어야 하는데 {found}(출력 {shape})입니다.",
    "layer {number} ({kind}) should output shape {output_shape}, got {shape}.":
        "{number}번째 층({kind})의 출력 모양은 {output_shape}이어야 하는데 {shape}입니다.",
    "Check the depth (filters/units) of this layer, and strides=2 with padding='same'.":
        "이 층의 깊이(filters/units)와 strides=2, padding='same'을 확인하세요.",
    "{where} has kernel size {size}.":
        "{where}의 커널 크기가 {size}입니다.",
    "Use kernel_size=5 (5x5), as in the table.":
        "표처럼 kernel_size=5(5x5)를 쓰세요.",
    "{where} has strides {strides}.":
        "{where}의 스트라이드가 {strides}입니다.",
    "Use strides=2.":
        "strides=2를 쓰세요.",
    "{where} has padding={padding!r}.":
        "{where}의 패딩이 padding={padding!r}입니다.",
    "Use padding='same'.":
        "padding='same'을 쓰세요.",
    "{where} has a bias, but a batch norm follows it.":
        "{where}에 편향(bias)이 있는데, 뒤에 배치 정규화가 옵니다.",
    ("Pass use_bias=False: the batch norm subtracts the mean (removing any bias) and adds its "
     "own beta."):
        ("use_bias=False를 넘기세요: 배치 정규화가 평균을 빼고(편향이 사라집니다) 자신의 beta를 "
         "더합니다."),
    "{where} has no bias; no batch norm follows it, so keep the bias.":
        "{where}에 편향이 없습니다. 뒤에 배치 정규화가 없으니 편향을 두세요.",
    "Leave use_bias at its default (True) on this layer.":
        "이 층에서는 use_bias를 기본값(True)으로 두세요.",
    ("{where}'s weights have mean {mean:.4f} and standard deviation {std:.4f}; the paper starts "
     "them from N(0, 0.02)."):
        ("{where}의 가중치 평균이 {mean:.4f}, 표준편차가 {std:.4f}입니다. 논문은 N(0, 0.02)에서 "
         "시작합니다."),
    ("Pass kernel_initializer=keras.initializers.RandomNormal(mean=0.0, stddev=0.02) to every "
     "Dense, Conv2D and Conv2DTranspose layer."):
        ("모든 Dense, Conv2D, Conv2DTranspose 층에 kernel_initializer=keras.initi"
         "alizers.RandomNormal(mean=0.0, stddev=0.02)를 넘기세요."),
    "{where} has slope {slope:g}.":
        "{where}의 기울기(slope)가 {slope:g}입니다.",
    "Keras's default is 0.3; pass negative_slope=0.2.":
        "Keras의 기본값은 0.3입니다. negative_slope=0.2를 넘기세요.",
    "D(x) = sigmoid(logit)":
        "D(x) = sigmoid(로짓)",
    ("layer {i} ({kind_i}) and layer {j} ({kind_j}) start from the same weights (their first {m} "
     "values are identical)."):
        ("{i}번째 층({kind_i})과 {j}번째 층({kind_j})이 같은 가중치에서 시작합니다(처음 {m}개 "
         "값이 같습니다)."),
    ("In Keras 3 one initializer object without a seed returns the same numbers every time it is "
     "called. Create a new keras.initializers.RandomNormal(mean=0.0, stddev=0.02) for each layer "
     "instead of sharing one."):
        ("Keras 3에서는 시드 없는 초기화 객체 하나가 호출될 때마다 같은 숫자를 돌려줍니다. "
         "하나를 공유하지 말고 층마다 새 keras.initializers.RandomNormal(mean=0.0, "
         "stddev=0.02)을 만드세요."),
    "training loss (smoothed)":
        "학습 손실(평활화)",
    "loss on a held-out batch":
        "따로 떼어 둔 배치의 손실",
    "no BN":
        "BN 없음",
    "with BN":
        "BN 있음",
    "init scale (× the standard initialisation)":
        "초기화 스케일(표준 초기화의 ×배)",
    "training loss after {steps} steps":
        "{steps} 스텝 뒤의 학습 손실",
    "Sensitivity to the initial weight scale":
        "초기 가중치 스케일에 대한 민감도",
    "training step":
        "학습 스텝",
    "wall-clock seconds on this machine":
        "이 컴퓨터에서 걸린 실제 시간(초)",
    "training mode (batch statistics)":
        "학습 모드(배치 통계)",
    "inference mode (moving averages)":
        "추론 모드(이동 평균)",
    "momentum = {momentum}":
        "momentum = {momentum}",
    "{value}: {test_accuracy:.0%} test acc":
        "{value}: 테스트 정확도 {test_accuracy:.0%}",
    ("Saved {kind} to {path}. Lesson 06 will train this {name}; run this cell again whenever you "
     "change the function."):
        ("{kind}을(를) {path}에 저장했습니다. 06강에서 이 {name}을(를) 학습시킵니다. 함수를 바꿀 "
         "때마다 이 셀을 다시 실행하세요."),
    ("Not saved: {kind} still raises NotImplementedError. Finish the exercise, run its cell and "
     "its test cell, then run this cell again."):
        ("저장하지 않았습니다: {kind}이(가) 아직 NotImplementedError를 발생시킵니다. 실습 과제를 "
         "끝내고 그 셀과 테스트 셀을 실행한 다음 이 셀을 다시 실행하세요."),
    "Not saved: cannot write {path} ({value}).":
        "저장하지 않았습니다: {path}에 쓸 수 없습니다({value}).",
    "the function":
        "함수",
    "Hint: {hint}":
        "힌트: {hint}",
    "returned None.":
        "None을 반환했습니다.",
    "Did you forget the `return` statement?":
        "`return` 문을 빠뜨리지 않았나요?",
    "expected shape {want}, got shape {got}.":
        "모양(shape) {want}이어야 하는데 {got}입니다.",
    "got non-finite values {got} where {want} was expected.":
        "{want}이어야 하는 곳에 유한하지 않은 값 {got}이 나왔습니다.",
    "expected {want}, got {got} (largest difference {worst:.3g}).":
        "{want}이어야 하는데 {got}입니다(최대 차이 {worst:.3g}).",
    "got non-finite values {got}.":
        "유한하지 않은 값이 나왔습니다: {got}.",
    "expected shape {want}, got {got}.":
        "모양 {want}이어야 하는데 {got}입니다.",
    "returned {kind}, which is not a number or array ({error}).":
        "숫자나 배열이 아닌 {kind}을(를) 반환했습니다({error}).",
    ("{name} is not written yet: replace `raise NotImplementedError()` in its cell with your "
     "code, run that cell, then run this test cell again."):
        ("{name}이(가) 아직 작성되지 않았습니다: 그 셀의 `raise NotImplementedError()`를 "
         "여러분의 코드로 바꾸고, 그 셀을 실행한 다음 이 테스트 셀을 다시 실행하세요."),
    "input pixel (flattened)":
        "입력 픽셀(펼친 순서)",
    "output pixel (flattened)":
        "출력 픽셀(펼친 순서)",
    "kernel × {value:g}":
        "커널 × {value:g}",
    "input n":
        "입력 n",
    "kernel k":
        "커널 k",
    "stride s":
        "스트라이드 s",
    "padding":
        "패딩",
    "explicit p":
        "명시적 p",
    "output_padding":
        "output_padding",
    "step":
        "스텝",
    "losses (dotted: log 4, log 2)":
        "손실(점선: log 4, log 2)",
    "discriminator's verdict":
        "판별자의 판정",
    "walking in a straight line through latent space (left z → right z)":
        "잠재 공간을 직선으로 걷기(왼쪽 z → 오른쪽 z)",
    "after {step} steps: {training_title}":
        "{step} 스텝 뒤: {training_title}",
    "D's loss on a real image":
        "진짜 이미지에 대한 D의 손실",
    "its gradient: pushes the logit up while < 0":
        "그 그래디언트: 0보다 작은 동안 로짓을 위로 밉니다",
    "logit of D on a real image":
        "진짜 이미지에 대한 D의 로짓",
    "resumed from step {start_step} (checkpoint in {value})":
        "{start_step} 스텝부터 이어서 학습합니다(체크포인트: {value})",
    ("step {step}/{end_step}  d_loss {d_loss:.3f}  g_loss {g_loss:.3f}  D(x) {d_real:.2f}  "
     "D(G(z)) {d_fake:.2f}  {rate:.0f} images/s"):
        ("스텝 {step}/{end_step}  d_loss {d_loss:.3f}  g_loss {g_loss:.3f}  D(x) {d_real:.2f}  "
         "D(G(z)) {d_fake:.2f}  초당 이미지 {rate:.0f}장"),
    "{name}, fixed z, step {step}":
        "{name}, 고정된 z, 스텝 {step}",
    "target {target:g}":
        "타깃 {target:g}",
    "Exercise 1: visible tests passed.":
        "실습 과제 1: 공개 테스트를 통과했습니다.",
    "Exercise 2: visible tests passed.":
        "실습 과제 2: 공개 테스트를 통과했습니다.",
    "Exercise 3: visible tests passed.":
        "실습 과제 3: 공개 테스트를 통과했습니다.",
    "has {count_params:,} parameters; the table says {total_params:,}.":
        "파라미터가 {count_params:,}개입니다. 표에 따르면 {total_params:,}개여야 합니다.",
    "build_discriminator()(images) for 5 images":
        "이미지 5장에 대한 build_discriminator()(images)",
    "Exercise 1: visible tests of the 32x32 model passed.":
        "실습 과제 1: 32x32 모델의 공개 테스트를 통과했습니다.",
    "a 16x16 discriminator's output":
        "16x16 판별자의 출력",
    "Exercise 1: visible test of a 16x16 model passed.":
        "실습 과제 1: 16x16 모델의 공개 테스트를 통과했습니다.",
    "One logit per image.":
        "이미지마다 로짓 하나입니다.",
    "The number of convolutions is log2(image_size / 4).":
        "합성곱의 개수는 log2(image_size / 4)입니다.",
    "Exercise 4: visible tests passed.":
        "실습 과제 4: 공개 테스트를 통과했습니다.",
    "build_generator()(z) for 5 noise vectors":
        "노이즈 벡터 5개에 대한 build_generator()(z)",
    "a 16x16 generator's output":
        "16x16 생성자의 출력",
    "d_features(d, images) for 4 images of 32x32":
        "32x32 이미지 4장에 대한 d_features(d, images)",
    "Exercise 3: visible tests passed ({value} features per image).":
        "실습 과제 3: 공개 테스트를 통과했습니다(이미지마다 특징 {value}개).",
    "t (0 = first vector, 1 = second)":
        "t(0 = 첫 번째 벡터, 1 = 두 번째 벡터)",
    "Lesson 06's run was not loaded: {mismatch}":
        "06강의 학습 결과를 불러오지 않았습니다: {mismatch}",
    "no digit (best guess {digit} at {confidence:.1%}, below {threshold:.0%})":
        "숫자 없음(가장 가까운 추측 {digit}, 확신도 {confidence:.1%}, 기준 {threshold:.0%} 미만)",
    "digit {digit} ({confidence:.1%} sure)":
        "숫자 {digit}(확신도 {confidence:.1%})",
    "start z":
        "시작 z",
    "back to start":
        "처음으로",
    "direction {number}":
        "방향 {number}",
    ("one z (seed {seed}) through the generator: the first {maps} feature maps after each stage, "
     "then the image"):
        ("z 하나(시드 {seed})가 생성자를 지나는 모습: 각 단계 뒤의 처음 {maps}개 특징 맵, 그리고 "
         "이미지"),
    "all {size} numbers, laid out {rows}×{cols} (red > 0 > blue)":
        "숫자 {size}개 전체, {rows}×{cols}로 배치(빨강 > 0 > 파랑)",
    "map {k}":
        "맵 {k}",
    "z seed":
        "z 시드",
    "new z":
        "새 z",
    "as pixels":
        "픽셀 그대로",
    "stretched ±{spread:.2g}":
        "±{spread:.2g}로 늘림",
    "the image: blend {blend:.1f}":
        "이미지: 섞기 {blend:.1f}",
    "|d logit / d pixel|: what G is told\nto change":
        "|d 로짓 / d 픽셀|: G가 바꾸라고\n듣는 곳",
    "blend: 0 = the real image, 1 = the generated one":
        "섞기: 0 = 진짜 이미지, 1 = 생성된 이미지",
    "D's logit":
        "D의 로짓",
    "the logit along the blend (circle: now)":
        "섞기에 따른 로짓(원: 현재)",
    "image pair":
        "이미지 쌍",
    "real → fake":
        "진짜 → 가짜",
    "noise":
        "노이즈",
    "The optimal discriminator: D*(x) = p_data / (p_data + p_g)":
        "최적 판별자: D*(x) = p_data / (p_data + p_g)",
    "step {step}:  D(real) = {d_real:.2f},  D(fake) = {d_fake:.2f}":
        "스텝 {step}:  D(진짜) = {d_real:.2f},  D(가짜) = {d_fake:.2f}",
    "density  /  D(x)":
        "밀도  /  D(x)",
    "grey: real data   orange: generator   blue: D(x)":
        "회색: 진짜 데이터   주황: 생성자   파랑: D(x)",
    "loss (dotted: equilibrium)":
        "손실(점선: 균형점)",
    "saturating: log(1 - D(G(z)))":
        "포화(saturating): log(1 - D(G(z)))",
    "non-saturating: -log D(G(z))":
        "비포화(non-saturating): -log D(G(z))",
    "D(G(z)): how real D thinks the fake is":
        "D(G(z)): D가 보기에 가짜가 얼마나 진짜 같은가",
    "generator loss":
        "생성자 손실",
    "What the generator minimises":
        "생성자가 최소화하는 것",
    "|d loss / d logit|":
        "|d 손실 / d 로짓|",
    "How hard each loss pushes the generator":
        "각 손실이 생성자를 얼마나 세게 미는가",
    "density":
        "밀도",
    "step {step}":
        "스텝 {step}",
    "mean of the real data":
        "진짜 데이터의 평균",
    "mean of G's samples":
        "G 샘플의 평균",
    "ReLU: max(x, 0)":
        "ReLU: max(x, 0)",
    "leaky ReLU: max(x, {slope:g}·x)":
        "Leaky ReLU: max(x, {slope:g}·x)",
    "input x":
        "입력 x",
    "output":
        "출력",
    "ReLU: 0 for x < 0":
        "ReLU: x < 0이면 0",
    "leaky ReLU: {slope:g} for x < 0":
        "Leaky ReLU: x < 0이면 {slope:g}",
    "its gradient (what flows back)":
        "그래디언트(역전파되는 값)",
    "d output / d x":
        "d 출력 / d x",
    "real data":
        "진짜 데이터",
    "D loss":
        "D 손실",
    "G loss":
        "G 손실",
    "loss":
        "손실",
    "generated":
        "생성됨",
    "test accuracy of a linear classifier (10 digits)":
        "선형 분류기의 테스트 정확도(숫자 10개)",
    "nearest training images: {name}":
        "가장 가까운 학습 이미지: {name}",
    "Play":
        "재생",
    "moment":
        "순간",
    "Exercise 1 (discriminator_loss)":
        "실습 과제 1 (discriminator_loss)",
    "Exercise 2 (generator_loss)":
        "실습 과제 2 (generator_loss)",
    "Exercise 3 (optimal_discriminator)":
        "실습 과제 3 (optimal_discriminator)",
    "Exercise 1 (upsample_nearest)":
        "실습 과제 1 (upsample_nearest)",
    "Exercise 2 (output sizes)":
        "실습 과제 2 (출력 크기)",
    "Exercise 3 (conv_transpose_naive)":
        "실습 과제 3 (conv_transpose_naive)",
    "Exercise 4 (overlap_is_even)":
        "실습 과제 4 (overlap_is_even)",
    "Exercise 1 (batch_norm_train)":
        "실습 과제 1 (batch_norm_train)",
    "Exercise 4 (batch_norm_positions)":
        "실습 과제 4 (batch_norm_positions)",
    "Exercise 1 (build_generator, 32x32)":
        "실습 과제 1 (build_generator, 32x32)",
    "Exercise 1 (build_generator, other sizes)":
        "실습 과제 1 (build_generator, 다른 크기)",
    "Exercise 1 (build_discriminator, 32x32)":
        "실습 과제 1 (build_discriminator, 32x32)",
    "Exercise 1 (build_discriminator, other sizes)":
        "실습 과제 1 (build_discriminator, 다른 크기)",
    "Exercise 1 (the two losses)":
        "실습 과제 1 (두 손실)",
    "Exercise 2 (train_step)":
        "실습 과제 2 (train_step)",
    "Exercise 1 (slerp)":
        "실습 과제 1 (slerp)",
    "Exercise 2 (concept arithmetic)":
        "실습 과제 2 (개념 산술)",
    "Exercise 3 (d_features)":
        "실습 과제 3 (d_features)",
    ("{names} is not written yet: replace `raise NotImplementedError()` in its cell with your "
     "code."):
        ("{names}이(가) 아직 작성되지 않았습니다: 그 셀의 `raise NotImplementedError()`를 "
         "여러분의 코드로 바꾸세요."),
    "{title}: passed, checked in the grader on {count} cases drawn at grading time.":
        "{title}: 통과했습니다. 채점 때 뽑은 사례 {count}개로 채점기에서 검사했습니다.",
    "{what}: raised {error}: {message}":
        "{what}: {error}이(가) 발생했습니다: {message}",
    "{title}: the grader could not read what your functions returned ({problem}).":
        "{title}: 채점기가 여러분의 함수가 반환한 값을 읽을 수 없습니다({problem}).",
    "{title}: your functions did not answer ({ename}: {evalue}).":
        "{title}: 여러분의 함수가 응답하지 않았습니다({ename}: {evalue}).",
    "BN off":
        "BN 끔",
    "BN on":
        "BN 켬",
    "training":
        "학습",
    "inference":
        "추론",
    "transposed convolution":
        "전치 합성곱",
    "convolution":
        "합성곱",
    "training mode, in a real batch":
        "학습 모드, 진짜 배치 안에서",
    "training mode, in a fake batch":
        "학습 모드, 가짜 배치 안에서",
    "inference (score_batch)":
        "추론(score_batch)",
    "discriminator_loss with logits of -{big:.0f} (real) and +{big:.0f} (fake)":
        "로짓 -{big:.0f}(진짜)과 +{big:.0f}(가짜)에 대한 discriminator_loss",
    "discriminator_loss of a perfect discriminator":
        "완벽한 판별자의 discriminator_loss",
    "generator_loss on fake logits drawn at grading time":
        "채점 때 뽑은 가짜 로짓에 대한 generator_loss",
    "generator_loss for a fake that D rejects with logit -{big:.0f}":
        "D가 로짓 -{big:.0f}으로 거부하는 가짜에 대한 generator_loss",
    ("optimal_discriminator on a {rows}x{cols} grid of densities, some of them 0 in both (the "
     "shape must be kept)"):
        ("밀도의 {rows}x{cols} 격자에 대한 optimal_discriminator(일부는 두 밀도가 모두 0, 모양은 "
         "유지되어야 함)"),
    "optimal_discriminator where p_g is 0 everywhere":
        "p_g가 모든 곳에서 0일 때의 optimal_discriminator",
    "optimal_discriminator when p_g equals p_data":
        "p_g가 p_data와 같을 때의 optimal_discriminator",
    "discriminator_loss on {n_real} real and {n_fake} fake logits drawn at grading time":
        "채점 때 뽑은 진짜 로짓 {n_real}개와 가짜 로짓 {n_fake}개에 대한 discriminator_loss",
    "batch_norm_train on a constant ({rows}, {c}) batch":
        "상수 ({rows}, {c}) 배치에 대한 batch_norm_train",
    "batch_norm_train on a {shape_name} {value} batch, {epsilon_name}":
        "{shape_name} {value} 배치에 대한 batch_norm_train, {epsilon_name}",
    "discriminator_loss with logits of ±{big:.0f}":
        "로짓 ±{big:.0f}에 대한 discriminator_loss",
    "generator_loss with logits of ±{big:.0f}":
        "로짓 ±{big:.0f}에 대한 generator_loss",
    ("discriminator_loss with {told}, on {n_real} real and {n_fake} fake logits drawn at grading "
     "time"):
        ("{told}, 채점 때 뽑은 진짜 로짓 {n_real}개와 가짜 로짓 {n_fake}개에 대한 "
         "discriminator_loss"),
    "generator_loss on {n} fake logits drawn at grading time":
        "채점 때 뽑은 가짜 로짓 {n}개에 대한 generator_loss",
    ("train_step {how}, on tiny models with a batch of {batch} (SGD, learning rates {g_lr:.3f} "
     "for G and {d_lr:.3f} for D)"):
        ("train_step {how}, 배치 {batch}개로 작은 모델에 적용(SGD, 학습률 G {g_lr:.3f}, D "
         "{d_lr:.3f})"),
    "slerp of z0 and {scale:.2f}·z0 (parallel vectors, angle 0)":
        "z0과 {scale:.2f}·z0의 slerp(평행한 벡터, 각도 0)",
    "slerp of a vector with itself":
        "벡터와 자기 자신의 slerp",
    "slerp of two parallel vectors along one axis (angle exactly 0)":
        "한 축을 따라 평행한 두 벡터의 slerp(각도가 정확히 0)",
    "slerp of two almost parallel vectors (cosine rounds to 1)":
        "거의 평행한 두 벡터의 slerp(코사인이 반올림되어 1)",
    "slerp of two vectors of different lengths at t = 0.5":
        "길이가 다른 두 벡터의 t = 0.5에서의 slerp",
    "slerp of two Gaussian vectors of dimension {dim} at {k} values of t (0 and 1 included)":
        "{dim}차원 가우시안 벡터 두 개의 slerp, t 값 {k}개(0과 1 포함)",
    ("concept_arithmetic on groups of {value}, {value2} and {value3} latent vectors of dimension "
     "{dim}"):
        "{dim}차원 잠재 벡터 {value}, {value2}, {value3}개 그룹에 대한 concept_arithmetic",
    ("d_features on a discriminator of widths {width}, {value}, {value2} (weights and batch "
     "norm's moving averages drawn by the grader) and {n} images of 32x32"):
        ("너비 {width}, {value}, {value2}인 판별자(가중치와 배치 정규화의 이동 평균은 채점기가 "
         "뽑음)와 32x32 이미지 {n}장에 대한 d_features"),
    "kernel":
        "커널",
    "kernel taps per output pixel":
        "출력 픽셀마다 받는 커널 탭 수",
    "windows reading each input cell":
        "입력 칸마다 읽는 창의 수",
    ("step {step} of {steps}: output pixel ({i}, {j}) sums the {k}×{k} window starting at "
     "padded-input row {row}, column {column}"):
        ("스텝 {step}/{steps}: 출력 픽셀 ({i}, {j})는 패딩된 입력의 {row}행, {column}열에서 "
         "시작하는 {k}×{k} 창을 더합니다"),
    "input {n}×{n}":
        "입력 {n}×{n}",
    "no output\n(see the caption)":
        "출력 없음\n(설명 참고)",
    "output {out}×{out}":
        "출력 {out}×{out}",
    ("step {step} of {steps}: input pixel ({i}, {j}) = {value:g} adds {value:g} × kernel to "
     "output rows {top}…{bottom}, columns {left}…{right} (one step in the input moves the patch "
     "{s} in the output)"):
        ("스텝 {step}/{steps}: 입력 픽셀 ({i}, {j}) = {value:g}이(가) {value:g} × 커널을 출력의 "
         "{top}…{bottom}행, {left}…{right}열에 더합니다(입력에서 한 칸 움직이면 출력에서 패치가 "
         "{s}칸 움직입니다)"),
    "output {out}×{out} (grey: cropped)":
        "출력 {out}×{out}(회색: 잘려 나감)",
    "input {n}×{n} + padding":
        "입력 {n}×{n} + 패딩",
    " (rows or columns outside 0…{last} are cropped)":
        " (0…{last} 밖의 행이나 열은 잘려 나갑니다)",
    "<b>{verdict}</b> &nbsp; std of layer 1: {std:.3g}, of layer {depth}: {std2:.3g}":
        "<b>{verdict}</b> &nbsp; 층 1의 표준편차: {std:.3g}, 층 {depth}의 표준편차: {std2:.3g}",
    (" &nbsp; <span style='color:#777'>(moving averages still {keep:.0%} their starting "
     "values)</span>"):
        " &nbsp; <span style='color:#777'>(이동 평균이 아직 시작값의 {keep:.0%})</span>",
    "resumed from the checkpoint at step {start_step}":
        "{start_step} 스텝의 체크포인트에서 이어서 학습합니다",
    ("<b>{title}</b><br><b>step {step}</b> &nbsp; D loss {d_loss:.3f} &nbsp; G loss {g_loss:.3f} "
     "&nbsp; D(x) {d_real:.2f} &nbsp; D(G(z)) {d_fake:.2f}"):
        ("<b>{title}</b><br><b>스텝 {step}</b> &nbsp; D 손실 {d_loss:.3f} &nbsp; G 손실 "
         "{g_loss:.3f} &nbsp; D(x) {d_real:.2f} &nbsp; D(G(z)) {d_fake:.2f}"),
    "<b>classifier: {verdict}</b><br>moved ({moved}) along the directions; |z| = {norm:.1f}":
        "<b>분류기: {verdict}</b><br>방향을 따라 ({moved})만큼 이동; |z| = {norm:.1f}",
    ("<b>logit {logit:+.2f} → D(x) = {sigmoid:.2f}</b>: {verdict} &nbsp; <span "
     "style='color:#777'>({how})</span>"):
        ("<b>로짓 {logit:+.2f} → D(x) = {sigmoid:.2f}</b>: {verdict} &nbsp; <span "
         "style='color:#777'>({how})</span>"),
    "D calls this image real":
        "D는 이 이미지를 진짜라고 봅니다",
    "D calls this image fake":
        "D는 이 이미지를 가짜라고 봅니다",
    "D cannot tell":
        "D가 구별하지 못합니다",
    "training mode, among real images":
        "학습 모드, 진짜 이미지들 사이에서",
    "training mode, among generated images":
        "학습 모드, 생성된 이미지들 사이에서",
    "inference mode, batch norm's moving averages":
        "추론 모드, 배치 정규화의 이동 평균",
    ("<b>step {step}</b> of {last} (moment {moment} of {count}) &nbsp; D(real) = {d_real:.2f} "
     "&nbsp; D(fake) = {d_fake:.2f} &nbsp; <span style='color:#777'>(at the equilibrium both are "
     "0.50)</span>"):
        ("<b>스텝 {step}</b> / {last} ({count}개 순간 중 {moment}번째) &nbsp; D(진짜) = "
         "{d_real:.2f} &nbsp; D(가짜) = {d_fake:.2f} &nbsp; <span "
         "style='color:#777'>(균형점에서는 둘 다 0.50)</span>"),
    "C: convolution {n}×{n} → {out}×{out}\nshape {shape}":
        "C: 합성곱 {n}×{n} → {out}×{out}\n모양 {shape}",
    "Cᵀ: transposed convolution\n{out}×{out} → {n}×{n}, shape {shape}":
        "Cᵀ: 전치 합성곱\n{out}×{out} → {n}×{n}, 모양 {shape}",
    "the defaults: z_dim 100, width 128, 32x32x3":
        "기본값: z_dim 100, width 128, 32x32x3",
    "the paper's 64x64 model":
        "논문의 64x64 모델",
    "the defaults: width 64, 32x32x3 images":
        "기본값: width 64, 32x32x3 이미지",
    "the default smoothing":
        "기본 스무딩",
    "compiled with tf.function":
        "tf.function으로 컴파일",
    "run eagerly":
        "즉시 실행(eager)",
    "epsilon {epsilon:g}":
        "epsilon {epsilon:g}",
    ("saturated: {saturated:.0%} of the last layer's tanh outputs sit beyond ±0.95, where the "
     "gradient is almost zero"):
        "포화: 마지막 층 tanh 출력의 {saturated:.0%}가 ±0.95 밖에 있어 그래디언트가 거의 0입니다",
    "DCGAN uses no pooling: let a stride-2 convolution halve the size.":
        "DCGAN은 풀링을 쓰지 않습니다: 스트라이드 2 합성곱으로 크기를 절반으로 줄이세요.",
    ("This lesson's generator grows the image only with stride-2 Conv2DTranspose layers, not "
     "UpSampling2D."):
        ("이 강의의 생성자는 UpSampling2D가 아니라 스트라이드 2 Conv2DTranspose 층으로만 "
         "이미지를 키웁니다."),
    "Leave out dropout: the DCGAN layers are exactly the ones in the table.":
        "드롭아웃은 빼세요: DCGAN의 층은 표에 있는 것이 전부입니다.",
    "Compare your layers with the table in the text, row by row.":
        "본문의 표와 여러분의 층을 한 행씩 비교하세요.",
    "guessing (log of #classes)":
        "무작위 추측(클래스 수의 log)",
    " {half_life:.0f} steps:\n start weight\n {momentum}^t = 1/2":
        " {half_life:.0f} 스텝:\n 시작 가중치\n {momentum}^t = 1/2",
    "Exercise 1":
        "실습 과제 1",
    "the lesson that defines it":
        "그 함수를 정의하는",
    "the exercise":
        "그 실습 과제",
    "save_builder needs a function written with `def` in a cell":
        "save_builder에는 셀에서 `def`로 작성한 함수가 필요합니다",
    ("{function} uses the notebook variable `{name}` ({kind}), which cannot be "
     "saved as code. Define it inside the function (or pass it as an argument) and "
     "run the cells again."):
        ("{function}이(가) 노트북 변수 `{name}`({kind})을(를) 씁니다. 이 변수는 코드로 저장할 수 "
         "없습니다. 함수 안에서 정의하거나 인수로 넘기고, 셀들을 다시 실행하세요."),
    ("cannot read the source code of {function!r} ({error}); define "
     "it with `def` in a notebook cell and run that cell first."):
        ("{function!r}의 소스 코드를 읽을 수 없습니다({error}). 노트북 셀에서 `def`로 정의하고 "
         "그 셀을 먼저 실행하세요."),
    "{path} holds no function {builder}. ":
        "{path}에는 함수 {builder}이(가) 없습니다. ",
    "D(x), data":
        "D(x), 데이터",
    "D(G(z)), fake":
        "D(G(z)), 가짜",
    ("Your {name} is not saved yet (looked for {looked}). Open lesson {lesson}, finish "
     "{exercise} ({builder}) so that its tests pass, then run the cell with "
     "`carry.save_builder({builder})` below it. Come back and run this cell again."):
        ("{name}이(가) 아직 저장되지 않았습니다({looked}에서 찾았습니다). {lesson} 강의를 열어 "
         "{exercise}({builder})를 테스트가 통과하도록 끝내고, 그 아래의 "
         "`carry.save_builder({builder})` 셀을 실행하세요. 그런 다음 돌아와서 이 셀을 다시 "
         "실행하세요."),
    "mean {mean:+.3f}, std {std:.3f}, min {min:+.3f}, max {max:+.3f}":
        "평균 {mean:+.3f}, 표준편차 {std:.3f}, 최소 {min:+.3f}, 최대 {max:+.3f}",
    ("first {count} of {maps} feature maps, each {height}×{width} (one colour scale, "
     "±{limit:.2g}; red > 0 > blue)"):
        ("특징 맵 {maps}개 중 처음 {count}개, 각각 {height}×{width}(색 척도 하나, ±{limit:.2g}; "
         "빨강 > 0 > 파랑)"),
    "the noise vector z":
        "노이즈 벡터 z",
    "layer {index} of {last}: {kind}":
        "층 {index}/{last}: {kind}",
    "as pixels (tanh range → 0..255)":
        "픽셀 그대로(tanh 범위 → 0..255)",
    "contrast stretched (±{spread:.2g})":
        "대비를 늘림(±{spread:.2g})",
    "logit > 0: 'real'":
        "로짓 > 0: '진짜'",
    "logit < 0: 'fake'":
        "로짓 < 0: '가짜'",
    "noise z\n~ N(0, I)":
        "노이즈 z\n~ N(0, I)",
    "Generator G\n(counterfeiter)":
        "생성자 G\n(위조범)",
    "fake x = G(z)":
        "가짜 x = G(z)",
    "real x\n~ p_data":
        "진짜 x\n~ p_data",
    "Discriminator D\n(detective)":
        "판별자 D\n(탐정)",
    "G is trained to make D call its samples real; D is trained to tell them apart.":
        "G는 D가 자기 샘플을 진짜라고 하도록 학습하고, D는 둘을 구별하도록 학습합니다.",
    "early training:\nD rejects fakes":
        "학습 초기:\nD가 가짜를 거부함",
    ("orange: the network that grows a small code into an image, the part DCGAN builds from "
     "transposed convolutions"):
        "주황: 작은 코드를 이미지로 키우는 신경망, DCGAN이 전치 합성곱으로 만드는 부분",
    "autoencoder":
        "오토인코더",
    "trained to reproduce x; a random code need not decode to anything sensible":
        "x를 재현하도록 학습; 무작위 코드가 의미 있는 이미지로 복원된다는 보장은 없음",
    "codes pushed towards N(0, I): sample z, run the decoder alone, get a new image":
        "코드를 N(0, I) 쪽으로 밀어 줌: z를 뽑아 디코더만 실행하면 새 이미지",
    "no encoder, no reconstruction: the generator is trained against a discriminator":
        "인코더도 재구성도 없음: 생성자는 판별자와 겨루며 학습",
    "generator peak {peak:.1f} (off the scale) ↑":
        "생성자 최고점 {peak:.1f}(눈금 밖) ↑",
    "image x":
        "이미지 x",
    "encoder\n(conv, shrinks)":
        "인코더\n(합성곱, 축소)",
    "code":
        "코드",
    "decoder\n(upsamples)":
        "디코더\n(업샘플링)",
    "copy of x":
        "x의 복사본",
    "encoder\n→ mean, spread":
        "인코더\n→ 평균, 퍼짐",
    "new image":
        "새 이미지",
    "generator\n(upsamples)":
        "생성자\n(업샘플링)",
    "fake image":
        "가짜 이미지",
    "discriminator\n(conv, shrinks)":
        "판별자\n(합성곱, 축소)",
    "real or fake?":
        "진짜일까 가짜일까?",
    ("train_step is not written yet: finish the training-step exercise above, run its cell, then "
     "rerun this one."):
        ("train_step이 아직 작성되지 않았습니다: 위의 학습 스텝 실습 과제를 끝내고 그 셀을 "
         "실행한 다음 이 셀을 다시 실행하세요."),
    ("train_step could not be compiled with tf.function ({kind}: {error}); running it eagerly, "
     "which is slower but gives the same result."):
        ("train_step을 tf.function으로 컴파일할 수 없습니다({kind}: {error}). 즉시 "
         "실행(eager)으로 돌립니다. 더 느리지만 결과는 같습니다."),
    "saturating":
        "포화",
    "non-saturating":
        "비포화",
    "p_data (real)":
        "p_data(진짜)",
    "p_g (generator)":
        "p_g(생성자)",
    "generator":
        "생성자",
    "std":
        "표준편차",
    "discriminator (width / 2)":
        "판별자(너비 / 2)",
    ("step {step} ({steps_run} steps in {total:.0f} s); dashboard overhead {overhead:.1%} "
     "({redraws} redraws)"):
        ("스텝 {step}({total:.0f}초 동안 {steps_run} 스텝); 대시보드 오버헤드 "
         "{overhead:.1%}(다시 그리기 {redraws}번)"),
    "synthetic house numbers (not SVHN)":
        "합성 집 번호(SVHN 아님)",
    " on {data}":
        " ({data}에서 학습)",
    ("step {step}: nothing to train, the checkpoint already reached the profile's {end_step} "
     "steps. To train again from scratch, use another out_dir or delete this one."):
        ("스텝 {step}: 학습할 것이 없습니다. 체크포인트가 이미 프로필의 {end_step} 스텝에 "
         "도달했습니다. 처음부터 다시 학습하려면 다른 out_dir을 쓰거나 이 폴더를 지우세요."),
    "raw generator":
        "원래 생성자",
    "averaged generator (EMA), what the engine samples":
        "평균 생성자(EMA), 엔진이 샘플링하는 것",
    ("{accuracy:.1%} test accuracy ({features} features, {train} training rows, L2 penalty "
     "{penalty:g})"):
        ("테스트 정확도 {accuracy:.1%}(특징 {features}개, 학습 행 {train}개, L2 페널티 "
         "{penalty:g})"),
    " paper (SVHN, full D): {accuracy:.1%}":
        " 논문(SVHN, D 전체): {accuracy:.1%}",
    # data/svhn.py: lesson 06's download cell (prepare_svhn) and the loader's error help
    ("Could not get SVHN '{split}': {what}\n"
     "  URL:        {url}\n"
     "  cache file: {target}\n"
     "To use SVHN without this download, fetch the file on a machine with internet "
     "(browser or `curl -O {url}`), copy it to the path above (MD5 {md5}); "
     "set the environment variable {env} to use another folder.\n"
     "To continue offline, use the synthetic house numbers instead: "
     "load_digits(source=\"synthetic\") or make_house_numbers(n)."):
        ("SVHN '{split}'을(를) 받지 못했습니다: {what}\n"
         "  URL:        {url}\n"
         "  캐시 파일:  {target}\n"
         "이 내려받기 없이 SVHN을 쓰려면, 인터넷이 되는 컴퓨터에서 파일을 받아(브라우저나 "
         "`curl -O {url}`) 위 경로에 복사하세요(MD5 {md5}). 다른 폴더를 쓰려면 환경 변수 "
         "{env}를 설정하세요.\n"
         "오프라인으로 계속하려면 대신 합성 집 번호를 쓰세요: "
         "load_digits(source=\"synthetic\") 또는 make_house_numbers(n)."),
    "the server answered {code} {reason}":
        "서버가 {code} {reason}(으)로 응답했습니다",
    "the server could not be reached ({reason})":
        "서버에 연결할 수 없습니다({reason})",
    "the transfer broke off ({context})":
        "전송이 중간에 끊겼습니다({context})",
    "the file arrived ({size:,} bytes) but its MD5 is not {md5}":
        "파일은 도착했지만({size:,}바이트) MD5가 {md5}가 아닙니다",
    "; then ":
        "; 그다음에는 ",
    "{path} does not have the MD5 {md5}; removing it and downloading again.":
        "{path}의 MD5가 {md5}가 아닙니다. 이 파일을 지우고 다시 내려받습니다.",
    "the file is not in the cache.":
        "파일이 캐시에 없습니다.",
    "the cache folder cannot be created ({error}).":
        "캐시 폴더를 만들 수 없습니다({error}).",
    ("the file in the cache is damaged and the cache folder is read-only ({error}): ask "
     "whoever manages it to replace the file."):
        ("캐시에 있는 파일이 손상되었는데 캐시 폴더가 읽기 전용입니다({error}). 폴더를 관리하는 "
         "사람에게 파일을 바꿔 달라고 하세요."),
    "the cache folder is not writable.":
        "캐시 폴더에 쓸 수 없습니다.",
    "SVHN cache folder: {folder} (set ${env} to use another)":
        "SVHN 캐시 폴더: {folder} (다른 폴더를 쓰려면 ${env}를 설정하세요)",
    "  {split}: {file} already here, MD5 verified":
        "  {split}: {file}이(가) 이미 있습니다, MD5 확인됨",
    "  {split}: downloading {url} ({count:,} images)":
        "  {split}: {url} 내려받는 중(이미지 {count:,}장)",
    "  {split}: {path} ({size:.0f} MB), MD5 verified":
        "  {split}: {path} ({size:.0f} MB), MD5 확인됨",
    "SVHN is not available, so this lesson trains on SYNTHETIC house numbers":
        "SVHN을 쓸 수 없으므로 이 강의는 합성(SYNTHETIC) 집 번호로 학습합니다",
    "(digits rendered from fonts by the course), not on real SVHN photos.":
        "(강의가 글꼴로 그린 숫자). 진짜 SVHN 사진이 아닙니다.",
    "Why: {reason}":
        "이유: {reason}",
    "To use SVHN: put {file} (MD5 {md5})":
        "SVHN을 쓰려면: {file}(MD5 {md5})을(를)",
    "into {folder}, or run this cell again with internet.":
        "{folder}에 넣거나, 인터넷에 연결한 뒤 이 셀을 다시 실행하세요.",
    # -- the lessons' code cells (solutions/*): what they print and their figures' words -----
    "TensorFlow {version}, profile: {profile}":
        "TensorFlow {version}, 프로필: {profile}",
    "TensorFlow {version}, Keras {keras}, profile: {profile}":
        "TensorFlow {version}, Keras {keras}, 프로필: {profile}",
    # lesson 01
    "log(sigmoid(l)), naive :":
        "log(sigmoid(l)), 단순 계산 :",
    "-softplus(-l), stable  :":
        "-softplus(-l), 안정 계산   :",
    "step {step}: loss {loss:.3f}":
        "스텝 {step}: 손실 {loss:.3f}",
    "first's weights unchanged:":
        "first의 가중치가 그대로인가:",
    "saturating loss":
        "포화되는 손실",
    "non-saturating loss":
        "비포화 손실",
    # lesson 02
    "32×32 input":
        "32×32 입력",
    "nearest ×4 (your function)":
        "최근접 ×4 (여러분의 함수)",
    "nearest ×4, then 7×7 conv":
        "최근접 ×4, 그다음 7×7 합성곱",
    "bilinear ×4 (Keras)":
        "쌍선형 ×4 (Keras)",
    "stride {s}, kernel {k}":
        "스트라이드 {s}, 커널 {k}",
    "Conv2DTranspose on 4 input pixels, stride 2: output size for each output_padding":
        "입력 4픽셀, 스트라이드 2인 Conv2DTranspose: output_padding별 출력 크기",
    "kernel, padding":
        "커널, 패딩",
    "refused":
        "거부",
    "Why refused:":
        "거부된 이유:",
    "after 1 stamp":
        "도장 1번 찍은 뒤",
    "after 2 stamps":
        "도장 2번 찍은 뒤",
    "after 4 stamps":
        "도장 4번 찍은 뒤",
    "finished":
        "완성",
    "gradient shape:":
        "그래디언트 모양:",
    "  transposed convolution of g:":
        "  g의 전치 합성곱:",
    "largest difference:":
        "최대 차이:",
    "overlap only":
        "겹침만",
    "one sample":
        "샘플 하나",
    "std over {count} samples":
        "샘플 {count}개의 표준편차",
    "  (even overlap: {even})":
        "  (고른 겹침: {even})",
    "output pixels 5..8 take from the lit source pixel:":
        "출력 픽셀 5..8이 켜진 원본 픽셀에서 받는 값:",
    ("even outputs apply (w0, w1 + w2) = ({even0:+.1f}, {even1:+.1f}), odd outputs (w0 + w1, w2) "
     "= ({odd0:+.1f}, {odd1:+.1f}); both sum to {total:+.1f}"):
        ("짝수 출력은 (w0, w1 + w2) = ({even0:+.1f}, {even1:+.1f}), 홀수 출력은 (w0 + w1, w2) "
         "= ({odd0:+.1f}, {odd1:+.1f})를 적용합니다. 둘 다 합은 {total:+.1f}입니다"),
    # lesson 03
    "before: mean {mean}  std {std}":
        "전: 평균 {mean}  표준편차 {std}",
    "after:  mean {mean}  std {std}":
        "후: 평균 {mean}  표준편차 {std}",
    "weights:":
        "가중치:",
    "per-channel mean before: {mean}  std before: {std}":
        "채널별 평균, 전: {mean}  표준편차, 전: {std}",
    "per-channel mean after:  {mean}  std after: {std}":
        "채널별 평균, 후: {mean}  표준편차, 후: {std}",
    "4×64 ReLU, He init, SGD 0.05":
        "4×64 ReLU, He 초기화, SGD 0.05",
    "3×100 sigmoid, SGD 0.1":
        "3×100 시그모이드, SGD 0.1",
    "init scale {scale:>5}: final loss {plain:.3f} without BN, {bn:.3f} with BN":
        "초기화 배율 {scale:>5}: 최종 손실 BN 없이 {plain:.3f}, BN과 함께 {bn:.3f}",
    "largest pixel difference, before: {before:.3f}, after batch norm: {after:.5f}":
        "픽셀 차이의 최댓값, 전: {before:.3f}, 배치 정규화 후: {after:.5f}",
    "real":
        "진짜",
    "fake: 0.3 x - 0.5":
        "가짜: 0.3 x - 0.5",
    "BN(real batch)":
        "BN(진짜 배치)",
    "BN(fake batch)":
        "BN(가짜 배치)",
    "logits of the fakes, scored in an all-fake batch:":
        "가짜만 있는 배치에서 채점한 가짜의 로짓:  ",
    "the same fakes, in one batch with 8 real images: ":
        "같은 가짜를 진짜 이미지 8장과 한 배치에서:",
    ("momentum {momentum}: after {steps} steps, loss {training:.3f} in training mode, "
     "{inference:.3f} in inference mode"):
        ("모멘텀 {momentum}: {steps} 스텝 후 손실이 학습 모드에서 {training:.3f}, "
         "추론 모드에서 {inference:.3f}"),
    "{title:<32} spread across the 8 images: {spread:.3f}":
        "{title:<32} 이미지 8장 사이의 퍼짐: {spread:.3f}",
    # lesson 04
    "The DCGAN paper's generator: 64 × 64 × 3 images":
        "DCGAN 논문의 생성자: 64 × 64 × 3 이미지",
    "The SVHN generator (Udacity's notebook): 32 × 32 × 3 images":
        "SVHN 생성자(Udacity 노트북): 32 × 32 × 3 이미지",
    "The SVHN generator, layer by layer":
        "SVHN 생성자, 층별",
    "paper's 64x64 generator: {params:,} parameters, {gflop:.2f} GFLOP per image":
        "논문의 64x64 생성자: 파라미터 {params:,}개, 이미지당 {gflop:.2f} GFLOP",
    "SVHN 32x32 generator:    {params:,} parameters, {gflop:.2f} GFLOP per image":
        "SVHN 32x32 생성자:   파라미터 {params:,}개, 이미지당 {gflop:.2f} GFLOP",
    ("lesson 06 {name:14} profile: G width {g_width:3d}, D width {d_width:3d}, "
     "{gflop:.3f} GFLOP per image per step"):
        ("06강 {name:14} 프로필: G 너비 {g_width:3d}, D 너비 {d_width:3d}, "
         "스텝마다 이미지당 {gflop:.3f} GFLOP"),
    "the study profile's step is {ratio:.1f} times cheaper":
        "study 프로필의 스텝이 {ratio:.1f}배 저렴합니다",
    "pixel values of 16 untrained samples: from {low:+.3f} to {high:+.3f}":
        "학습 전 샘플 16개의 픽셀 값: {low:+.3f}부터 {high:+.3f}까지",
    "untrained generator: as pixels (top), contrast stretched (bottom)":
        "학습 전 생성자: 픽셀 그대로(위), 대비를 늘려서(아래)",
    "training={mode!s:5}: pixel standard deviation {std:.3f}, largest |pixel| {largest:.3f}":
        "training={mode!s:5}: 픽셀 표준편차 {std:.3f}, 가장 큰 |픽셀| {largest:.3f}",
    "width {width:3d}: {ms:7.1f} ms per batch of 64, {gflop:5.2f} GFLOP -> {rate:6.1f} GFLOP/s":
        "너비 {width:3d}: 64장 배치당 {ms:7.1f} ms, {gflop:5.2f} GFLOP -> {rate:6.1f} GFLOP/s",
    "time ratio 128 / 32: {time:.1f} (FLOP ratio {flop:.1f})":
        "시간 비율 128 / 32: {time:.1f} (FLOP 비율 {flop:.1f})",
    # lesson 05
    "The SVHN discriminator: 32 × 32 × 3 image → one logit":
        "SVHN 판별자: 32 × 32 × 3 이미지 → 로짓 하나",
    "The SVHN discriminator, layer by layer":
        "SVHN 판별자, 층별",
    "logit                   ":
        "로짓                    ",
    "-log(1 - sigmoid): loss ":
        "-log(1 - sigmoid): 손실 ",
    "softplus(logit):   loss ":
        "softplus(logit):   손실 ",
    "  gradient":
        "  그래디언트",
    "your untrained generator from lesson 04 (width 32)":
        "04강에서 만든 여러분의 학습 전 생성자(너비 32)",
    "a stand-in for an untrained generator":
        "학습 전 생성자의 대역(stand-in)",
    "{real} real images, {fake} generated by {source}":
        "진짜 이미지 {real}장, {source}이(가) 생성한 이미지 {fake}장",
    "real (top) and generated (bottom), as the discriminator sees them":
        "판별자가 보는 그대로의 진짜(위)와 생성된 이미지(아래)",
    "untrained D: mean D(real) = {real:.3f}, mean D(fake) = {fake:.3f}":
        "학습 전 D: D(real)의 평균 = {real:.3f}, D(fake)의 평균 = {fake:.3f}",
    "step {step:3d}: D loss {loss:.3f} (log 4 = 1.386 means no opinion)":
        "스텝 {step:3d}: D 손실 {loss:.3f} (log 4 = 1.386이면 아무 판단도 없다는 뜻)",
    "untrained: score_batch":
        "학습 전: score_batch",
    "after {steps} steps: as training sees it":
        "{steps} 스텝 후: 학습이 보는 그대로",
    "after {steps} steps: score_batch":
        "{steps} 스텝 후: score_batch",
    ("channel means differ between real and fake batches by {differ:.3f} on average; the moving "
     "mean is {to_real:.3f} from the real one and {to_fake:.3f} from the fake one"):
        ("채널 평균은 진짜 배치와 가짜 배치 사이에서 평균 {differ:.3f}만큼 다릅니다. 이동 평균은 "
         "진짜 배치 평균에서 {to_real:.3f}, 가짜 배치 평균에서 {to_fake:.3f} 떨어져 있습니다"),
    "D's logit for image pair 0: the real image (blend 0) and the generated one (blend 1)":
        "이미지 쌍 0에 대한 D의 로짓: 진짜 이미지(섞기 0)와 생성된 이미지(섞기 1)",
    "  {mode:10}: real image {real:+6.2f}, generated image {fake:+6.2f}":
        "  {mode!r:12}: 진짜 이미지 {real:+6.2f}, 생성된 이미지 {fake:+6.2f}",
    "5×5 kernel, stride 2":
        "5×5 커널, 스트라이드 2",
    "4×4 kernel, stride 2":
        "4×4 커널, 스트라이드 2",
    "three 5×5 stride-2 layers":
        "5×5, 스트라이드 2 층 세 개",
    "mean |d logit / d pixel| over 128 real images":
        "진짜 이미지 128장에 대한 |d 로짓 / d 픽셀|의 평균",
    # lesson 06
    "TensorFlow {version}, profile: {profile}, run: {run}":
        "TensorFlow {version}, 프로필: {profile}, 학습 실행: {run}",
    "fast profile (tests, grading): synthetic house numbers, no download":
        "fast 프로필(테스트, 채점): 합성 집 번호, 내려받지 않음",
    "This lesson trains on: {data}":
        "이 강의가 학습하는 데이터: {data}",
    "SVHN is not downloaded here, so this lesson trains on the synthetic digits":
        "여기에는 SVHN을 내려받지 않았으므로 이 강의는 합성 숫자로 학습합니다",
    "{name}: the STAND-IN. {missing}\n":
        "{name}: 대역(STAND-IN). {missing}\n",
    "Your train_step passed the engine's check: it is the step that trains below.":
        ("여러분의 train_step이 엔진의 검사를 통과했습니다: 아래에서 학습하는 스텝이 바로 "
         "이것입니다."),
    "(Not saved for the command line: {unsaved})":
        "(명령줄용으로 저장하지 않았습니다: {unsaved})",
    ("{name:6s} z {z_dim:3d}, generator width {g_width:3d} (4x4x{channels}), "
     "discriminator width {d_width:3d}, batch {batch:3d}, learning rate {rate:g}, "
     "images {images}, steps {steps}, EMA {ema}"):
        ("{name:6s} z {z_dim:3d}, 생성자 너비 {g_width:3d} (4x4x{channels}), "
         "판별자 너비 {d_width:3d}, 배치 {batch:3d}, 학습률 {rate:g}, "
         "이미지 {images}, 스텝 {steps}, EMA {ema}"),
    "all":
        "전체",
    "{count} training images ({data}); training step: {step}":
        "학습 이미지 {count}장({data}); 학습 스텝: {step}",
    "precision {precision} (bfloat16 measured {speedup:.2f}x as fast as float32 here); {start}":
        "정밀도 {precision} (여기서 잰 bfloat16의 속도: float32의 {speedup:.2f}배); {start}",
    "resuming at step {step}":
        "{step} 스텝부터 이어서 학습",
    "new run":
        "새 학습",
    "{data}, held out":
        "{data}, 따로 떼어 둔 이미지",
    "generated, averaged G":
        "생성된 이미지, 평균 G",
    "generated, raw G":
        "생성된 이미지, 원래 G",
    "judge: a digit classifier trained on {data}, {accuracy:.1%} accurate on held-out images":
        "판정기: {data}로 학습한 숫자 분류기, 따로 떼어 둔 이미지에서 정확도 {accuracy:.1%}",
    "last checkpoint at step {step} in {folder}":
        "마지막 체크포인트: {step} 스텝, {folder}",
    "generator saved to {path} - load it with keras.models.load_model":
        "생성자를 {path}에 저장했습니다 - keras.models.load_model로 불러오세요",
    # lesson 07
    "synthetic house numbers":
        "합성 집 번호",
    "profile {profile}; data: {data}":
        "프로필 {profile}; 데이터: {data}",
    " (SVHN is not on disk: lesson 06 downloads it)":
        " (SVHN이 디스크에 없습니다: 06강이 내려받습니다)",
    "{name}: yours, from lesson {lesson}":
        "{name}: 여러분의 것 ({lesson} 강의에서)",
    "{name}: the STAND-IN (lesson {lesson} has not saved yours)":
        "{name}: 대역(STAND-IN) ({lesson} 강의에서 여러분의 것을 저장하지 않았습니다)",
    "Samples come from the moving average of G's weights (lesson 06).":
        "샘플은 G 가중치의 이동 평균에서 나옵니다(06강).",
    "Samples come from the raw generator.":
        "샘플은 원래 생성자에서 나옵니다.",
    "16 samples ({data})":
        "샘플 16개({data})",
    "norm along the straight line:":
        "직선을 따라가는 노름:",
    "10,000 samples from N(0, I): norms {low:.2f} to {high:.2f} (1st to 99th percentile)":
        "N(0, I)에서 뽑은 샘플 10,000개: 노름 {low:.2f}부터 {high:.2f}까지(1~99 백분위수)",
    "Write slerp (exercise 1) to see the arc next to the straight line.":
        "직선 옆에 호를 보려면 slerp(실습 과제 1)를 작성하세요.",
    "lerp (straight line)":
        "lerp (직선)",
    "slerp (your function)":
        "slerp (여러분의 함수)",
    "{name:24s} mean pixel change per step:":
        "{name:24s} 한 걸음마다 픽셀의 평균 변화:",
    "from z0 (left) to z1 (right), {data}":
        "z0(왼쪽)에서 z1(오른쪽)까지, {data}",
    "pixels":
        "픽셀",
    "classifier features":
        "분류기 특징",
    "pixel distance to the nearest of {count} training images (median):":
        "학습 이미지 {count}장 중 가장 가까운 것까지의 픽셀 거리(중앙값):",
    "  held-out real images: {distance:.1f}":
        "  따로 떼어 둔 진짜 이미지: {distance:.1f}",
    ("  generated images:     {distance:.1f}   (closest generated image: {closest:.1f}; "
     "identical = 0)"):
        ("  생성된 이미지:            {distance:.1f}   (가장 가까운 생성 이미지: {closest:.1f}; "
         "똑같으면 0)"),
    "A: dark plate, digit {digit}":
        "A: 어두운 번호판, 숫자 {digit}",
    "B: light plate, digit {digit}":
        "B: 밝은 번호판, 숫자 {digit}",
    "C: light plate, digit {digit}":
        "C: 밝은 번호판, 숫자 {digit}",
    "three concepts picked by measurement from {count} samples":
        "샘플 {count}개에서 측정으로 고른 세 개념",
    "Write concept_arithmetic (exercise 2) to see the result.":
        "결과를 보려면 concept_arithmetic(실습 과제 2)를 작성하세요.",
    "means of A, B, C":
        "A, B, C의 평균",
    "concept arithmetic in latent space":
        "잠재 공간에서의 개념 산술",
    "random D (untrained)":
        "무작위 D(학습 전)",
    "your trained D":
        "여러분이 학습한 D",
    # -- package labels that reach lessons' figures and printed tables (issue 20) --------------
    "BN (training mode)":
        "BN (학습 모드)",
    "BN (inference, {warmup} warm-up passes)":
        "BN (추론, 워밍업 {warmup}회)",
    "{size}×{size}×{channels} images, z of size {z_dim}":
        "{size}×{size}×{channels} 이미지, z 크기 {z_dim}",
    "no bias (BN follows)":
        "편향 없음(뒤에 BN)",
    "slope 0.2":
        "기울기 0.2",
    "5×5, stride 2, no bias":
        "5×5, 스트라이드 2, 편향 없음",
    "5×5, stride 2, with bias, no BN":
        "5×5, 스트라이드 2, 편향 있음, BN 없음",
    "one logit, no activation":
        "로짓 하나, 활성화 없음",
    "total":
        "합계",
    "output shape":
        "출력 모양",
    "MFLOP / image":
        "MFLOP / 이미지",
    "note":
        "비고",
    "G width":
        "G 너비",
    "G starts at":
        "G 시작 크기",
    "G params":
        "G 파라미터",
    "D width":
        "D 너비",
    "D params":
        "D 파라미터",
    "GFLOP / image / step":
        "GFLOP / 이미지 / 스텝",
    "real (mean {mean:.2f})":
        "진짜 (평균 {mean:.2f})",
    "generated (mean {mean:.2f})":
        "생성됨 (평균 {mean:.2f})",
    "input, no BN":
        "입력, BN 없음",
    "input, BN":
        "입력, BN",
    "first conv, no BN":
        "첫 합성곱, BN 없음",
    "first conv + BN":
        "첫 합성곱 + BN",
    "batch of 8, training=True":
        "8장 배치, training=True",
    "one at a time, training=True":
        "한 장씩, training=True",
    "one at a time, training=False\n(after {warmup_batches} warm-up batches)":
        "한 장씩, training=False\n(워밍업 배치 {warmup_batches}개 후)",
    "{depth}×{width} {activation}, with BN":
        "{depth}×{width} {activation}, BN 있음",
    "{depth}×{width} {activation}, no BN":
        "{depth}×{width} {activation}, BN 없음",
    "run":
        "실행",
    "final loss":
        "최종 손실",
    "test acc":
        "정확도",
    "{name} ({ms:.1f} ms/step)":
        "{name} (스텝당 {ms:.1f} ms)",
    "output_padding must be at least 0 and less than the stride ({s}); it is {output_padding}.":
        ("output_padding은 0 이상이고 스트라이드({s})보다 작아야 합니다. "
         "지금은 {output_padding}입니다."),
    "padding {padding} crops away the whole output.":
        "패딩 {padding}이(가) 출력 전체를 잘라 냅니다.",
    "the {k}×{k} kernel does not fit in the padded input.":
        "{k}×{k} 커널이 패딩한 입력에 들어가지 않습니다.",
    "no output: {problem}":
        "출력 없음: {problem}",
    "real SVHN not available here (offline)":
        "여기서는 진짜 SVHN을 쓸 수 없습니다(오프라인)",
    "synthetic: rendered from fonts":
        "합성: 글꼴로 그린 숫자",
    "real: SVHN (Netzer et al., 2011)":
        "진짜: SVHN (Netzer et al., 2011)",
    "  √{z_dim} = {root:.1f}: where N(0, I) samples lie":
        "  √{z_dim} = {root:.1f}: N(0, I) 샘플이 놓이는 곳",
    "mean |pixel| over {count} samples":
        "샘플 {count}개에 대한 |픽셀|의 평균",
    ("<b>{count} images</b>: recognisable {recognisable:.0%} (confidence ≥ {confident}), "
     "Fréchet distance {frechet:.1f}, digits covered {covered}/10 <br><span "
     "style='color:#777'>{bars}</span>"):
        ("<b>이미지 {count}장</b>: 알아볼 수 있음 {recognisable:.0%} (확신도 ≥ {confident}), "
         "프레셰 거리 {frechet:.1f}, 나온 숫자 {covered}/10 <br><span "
         "style='color:#777'>{bars}</span>"),
    ("{count} images: recognisable {recognisable:.0%}, Fréchet distance {frechet:.1f}, digits "
     "covered {covered}/10"):
        ("이미지 {count}장: 알아볼 수 있음 {recognisable:.0%}, 프레셰 거리 {frechet:.1f}, "
         "나온 숫자 {covered}/10"),
    "digit the classifier sees (confidence ≥ {confident})":
        "분류기가 읽은 숫자(확신도 ≥ {confident})",
    "share of images":
        "이미지 비율",
    ("Trained the digit classifier on {n} {source} images: {accuracy:.1%} accuracy on held-out "
     "test images (cached for next time)."):
        ("{source} 이미지 {n}장으로 숫자 분류기를 학습했습니다: 따로 떼어 둔 테스트 이미지에서 "
         "정확도 {accuracy:.1%} (다음을 위해 캐시에 저장했습니다)."),
    "{name} ({recognisable:.0%} recognisable)":
        "{name} (알아볼 수 있음 {recognisable:.0%})",
    ("{label:<28} D loss {d_loss:6.3f}   G loss {g_loss:6.3f}   D(real) {d_real:5.2f}   "
     "D(fake) {d_fake:5.2f}   ({seconds:4.1f} s)"):
        ("{label:<28} D 손실 {d_loss:6.3f}   G 손실 {g_loss:6.3f}   D(real) {d_real:5.2f}   "
         "D(fake) {d_fake:5.2f}   ({seconds:4.1f}초)"),
    ("The checkpoints in {folder} belong to a different model ({detail}). Nothing was loaded. "
     "Train into a new out_dir, or delete that folder to start over with this model."):
        ("{folder}의 체크포인트는 다른 모델의 것입니다({detail}). 아무것도 불러오지 않았습니다. "
         "새 out_dir에 학습하거나, 그 폴더를 지우고 이 모델로 처음부터 다시 시작하세요."),
    "your train_step":
        "여러분의 train_step",
    "discriminator":
        "판별자",
}
