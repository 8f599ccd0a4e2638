"""Korean text for lesson 06 (training): its exercises' checks, training engine, dashboard, quality.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
    # -- exercise 1: the catalogued mistakes (dcgan_course/exercises/training_step.py) ------
    "returned shape {shape}, one value per logit; a loss is one number for the whole batch.":
        ("로짓마다 값이 하나씩인 모양 {shape}를 반환했습니다. 손실은 배치 전체에 대해 숫자 "
         "하나입니다."),
    "Average the terms over the batch (tf.reduce_mean).":
        "배치에 걸쳐 항들을 평균 내세요(tf.reduce_mean).",
    "returned {got:.5g}, the sum of the terms over the batch; the average is {want:.5g}.":
        "배치에 걸친 항들의 합인 {got:.5g}를 반환했습니다. 평균은 {want:.5g}입니다.",
    ("A sum grows with the batch size, and the learning rate with it: average each batch's "
     "terms."):
        ("합은 배치 크기에 따라 커지고, 실제 학습률도 함께 커집니다. 배치마다 항들을 평균 "
         "내세요."),
    ("averages the real and the fake terms together, as one batch. When the batches differ in "
     "size (here {n_real} real, {n_fake} fake), the larger one then weighs more."):
        ("진짜 항과 가짜 항을 한 배치처럼 한꺼번에 평균 냅니다. 두 배치의 크기가 다르면(여기서는 "
         "진짜 {n_real}개, 가짜 {n_fake}개) 큰 쪽의 비중이 더 커집니다."),
    "Average the real terms and the fake terms separately, then add the two means.":
        "진짜 항과 가짜 항을 따로 평균 낸 다음 두 평균을 더하세요.",
    ("gives the value of smoothing 0.9 although smoothing={smoothing:g} was passed: the real "
     "images' target is fixed at 0.9."):
        ("smoothing={smoothing:g}를 넘겼는데도 스무딩 0.9일 때의 값을 냅니다: 진짜 이미지의 "
         "목표값이 0.9로 고정되어 있습니다."),
    ("Use the `smoothing` argument as the real images' target; smoothing=1.0 must give lesson "
     "01's loss."):
        ("`smoothing` 인수를 진짜 이미지의 목표값으로 쓰세요. smoothing=1.0이면 01강의 손실이 "
         "나와야 합니다."),
    ("labels real images with 1 - smoothing instead of smoothing: with the default 0.9 the "
     "discriminator would learn to call real images fake."):
        ("진짜 이미지에 smoothing 대신 1 - smoothing 레이블을 붙입니다: 기본값 0.9라면 판별자가 "
         "진짜 이미지를 가짜라고 부르도록 학습하게 됩니다."),
    "`smoothing` is the real images' target itself.":
        "`smoothing`이 바로 진짜 이미지의 목표값입니다.",
    ("smooths both sides: the real images' target moves to `smoothing` and the fakes' target to "
     "1 - smoothing. (Keras' label_smoothing argument does this.)"):
        ("양쪽을 모두 스무딩합니다: 진짜 이미지의 목표값은 `smoothing`으로, 가짜의 목표값은 "
         "1 - smoothing으로 옮겨 갑니다. (Keras의 label_smoothing 인수가 이렇게 합니다.)"),
    ("One-sided smoothing changes only the real images' target; the fakes keep target 0 "
     "(section 2 says why)."):
        ("단측 스무딩은 진짜 이미지의 목표값만 바꿉니다. 가짜는 목표값 0을 유지합니다(이유는 2절에 "
         "있습니다)."),
    ("moves the fakes' target to 1 - smoothing and leaves the real images' target at 1: the "
     "smoothing is on the wrong side."):
        ("가짜의 목표값을 1 - smoothing으로 옮기고 진짜 이미지의 목표값은 1로 둡니다: 스무딩이 "
         "반대쪽에 적용되었습니다."),
    "The real images get target `smoothing`; the fakes keep target 0.":
        "진짜 이미지의 목표값은 `smoothing`이고, 가짜는 목표값 0을 유지합니다.",
    ("smooths like a classifier: both targets move halfway towards ½, real images to {real:g} "
     "and fakes to {fake:g} (y·(1 - a) + a/2 with a = 1 - smoothing, what Keras' label_smoothing "
     "argument computes)."):
        ("분류기처럼 스무딩합니다: 두 목표값이 모두 ½ 쪽으로 절반만큼 옮겨 가, 진짜 이미지는 "
         "{real:g}, 가짜는 {fake:g}가 됩니다(a = 1 - smoothing일 때 y·(1 - a) + a/2, Keras의 "
         "label_smoothing 인수가 계산하는 것)."),
    ("DCGAN's smoothing is one-sided: the real images' target is `smoothing` itself and the "
     "fakes keep target 0."):
        ("DCGAN의 스무딩은 단측입니다: 진짜 이미지의 목표값은 `smoothing` 그 자체이고, 가짜는 "
         "목표값 0을 유지합니다."),
    ("returned {got} for logits of ±{big:.0f}: a sigmoid rounds to exactly 0 or 1 in float32 "
     "there, and its log becomes infinite."):
        ("±{big:.0f}인 로짓에 {got}을(를) 반환했습니다: 거기서는 float32의 시그모이드가 정확히 "
         "0이나 1로 반올림되어 그 로그가 무한대가 됩니다."),
    ("Rewrite log σ(ℓ) and log(1 - σ(ℓ)) so that no probability is ever formed (section 2), "
     "then code that form."):
        ("확률을 한 번도 만들지 않도록 log σ(ℓ)과 log(1 - σ(ℓ))을 고쳐 쓴 다음(2절), 그 식을 "
         "코드로 옮기세요."),
    ("returned {got:.4g} where {want:.4g} is right, for logits of ±{big:.0f}: the loss stops "
     "growing for confidently wrong logits, as it does when a probability is clipped or a small "
     "epsilon is added before the log. The gradient then vanishes exactly where D is most "
     "wrong."):
        ("±{big:.0f}인 로짓에 {want:.4g}가 맞는데 {got:.4g}를 반환했습니다: 확신에 차서 틀린 "
         "로짓에서 손실이 더 커지지 않습니다. 확률을 잘라 내거나 로그 앞에 작은 엡실론을 더하면 "
         "이렇게 됩니다. 그러면 D가 가장 크게 틀린 바로 그곳에서 그래디언트가 사라집니다."),
    "The form derived from logits needs no epsilon and no clipping.":
        "로짓으로 유도한 식에는 엡실론도, 잘라 내기도 필요 없습니다.",
    ("smooths the generator's target to 0.9. Smoothing is one-sided and for the discriminator "
     "only: the generator wants its fakes called fully real."):
        ("생성자의 목표값을 0.9로 스무딩합니다. 스무딩은 한쪽에만, 판별자에게만 적용합니다: "
         "생성자는 자신의 가짜가 완전히 진짜라고 불리기를 원합니다."),
    "The generator's loss scores the fakes against target 1.":
        "생성자의 손실은 가짜를 목표값 1에 대해 채점합니다.",
    ("returns the saturating loss, the mean of log(1 - D(G(z))): it is flat exactly where D "
     "rejects the fakes, so early in training the generator gets almost no gradient."):
        ("포화되는 손실, 곧 log(1 - D(G(z)))의 평균을 반환합니다: D가 가짜를 거부하는 바로 "
         "그곳에서 평평하므로, 학습 초반에 생성자가 그래디언트를 거의 받지 못합니다."),
    "Lesson 01's non-saturating loss scores the fakes against target 1.":
        "01강의 비포화 손실은 가짜를 목표값 1에 대해 채점합니다.",
    ("scores the fakes against target 0, the discriminator's target for them: minimising it "
     "would make the fakes look more fake."):
        ("가짜를 판별자의 목표값인 0에 대해 채점합니다: 이것을 최소화하면 가짜가 더 가짜처럼 "
         "보이게 됩니다."),
    "The generator wants its fakes called real: target 1.":
        "생성자는 자신의 가짜가 진짜라고 불리기를 원합니다: 목표값 1.",
    "returned {kind}, which is not a number.":
        "숫자가 아닌 {kind}을(를) 반환했습니다.",
    ("Derive the loss from the cross-entropy of section 2 with the target of each batch (real: "
     "`smoothing`, fakes: 0), written from logits; average each batch."):
        ("2절의 교차 엔트로피에서, 배치마다의 목표값(진짜: `smoothing`, 가짜: 0)으로 로짓을 써서 "
         "손실을 유도하세요. 배치마다 평균을 냅니다."),
    "The generator's loss is the fakes' cross-entropy against target 1, averaged.":
        "생성자의 손실은 목표값 1에 대한 가짜의 교차 엔트로피를 평균 낸 것입니다.",
    "expected {want:.6g}, got {got:.6g}.":
        "{want:.6g}를 기대했는데 {got:.6g}가 나왔습니다.",
    "generator_loss on {n} fake logits":
        "가짜 로짓 {n}개에 대한 generator_loss",
    ("discriminator_loss(real, fake) with the default smoothing, on {n_real} real and {n_fake} "
     "fake logits"):
        ("진짜 로짓 {n_real}개와 가짜 로짓 {n_fake}개에 대한, 기본 스무딩의 "
         "discriminator_loss(real, fake)"),
    "discriminator_loss(real, fake, smoothing={s:g}) on {n_real} real and {n_fake} fake logits":
        ("진짜 로짓 {n_real}개와 가짜 로짓 {n_fake}개에 대한 "
         "discriminator_loss(real, fake, smoothing={s:g})"),
    # -- exercise 2: the catalogued mistakes ---------------------------------------------------
    "returned {result}; the engine needs the tuple (d_loss, g_loss).":
        "{result}을(를) 반환했습니다. 엔진에는 튜플 (d_loss, g_loss)가 필요합니다.",
    "End the step with `return d_loss, g_loss`.":
        "스텝을 `return d_loss, g_loss`로 끝내세요.",
    ("asked one tape for a second gradient, and TensorFlow refused ({kind}): a tape that is not "
     "persistent frees what it recorded after its first gradient call."):
        ("테이프 하나에 두 번째 그래디언트를 요청했고 TensorFlow가 거부했습니다({kind}): "
         "persistent가 아닌 테이프는 첫 번째 gradient 호출 뒤에 기록한 것을 버립니다."),
    ("Both gradients must come from this one forward pass; lesson 01's tape screen says how a "
     "recorded pass can give more than one gradient."):
        ("두 그래디언트 모두 이 한 번의 순전파에서 나와야 합니다. 기록된 순전파 하나에서 "
         "그래디언트를 여러 개 얻는 방법은 01강의 테이프 화면에 있습니다."),
    ("gave a tape no path from a loss to the variables it was asked about (TensorFlow: 'No "
     "gradients provided'): part of the forward pass ran outside the tape's `with` block."):
        ("테이프에게 물은 변수들로 가는 경로가 손실에서부터 없었습니다(TensorFlow: 'No gradients "
         "provided'): 순전파의 일부가 테이프의 `with` 블록 밖에서 실행되었습니다."),
    ("Open the tape(s) before the generator call: the fakes, both discriminator calls and both "
     "losses must all be computed inside."):
        ("생성자를 호출하기 전에 테이프를 여세요: 가짜, 판별자의 두 호출, 두 손실이 모두 그 "
         "안에서 계산되어야 합니다."),
    ("scores real and fake images in ONE discriminator call on the concatenated batch ({batch} "
     "images). Batch norm then normalises every image with the mean and variance of the mixed "
     "batch, so each verdict depends on the other half: the losses, the gradients and the "
     "moving averages all differ from two separate calls."):
        ("진짜와 가짜 이미지를 이어 붙인 배치(이미지 {batch}장)로 판별자를 한 번만 호출해 "
         "채점합니다. 그러면 배치 정규화가 섞인 배치의 평균과 분산으로 모든 이미지를 "
         "정규화하므로, 각 판정이 나머지 절반에 따라 달라집니다: 손실, 그래디언트, 이동 평균 "
         "모두 따로 두 번 호출할 때와 달라집니다."),
    "Call the discriminator twice: once on real_batch, once on the fakes (section 3).":
        "판별자를 두 번 호출하세요: real_batch에 한 번, 가짜에 한 번(3절).",
    ("runs the generator {count} times, making the fakes again for the generator's loss. The "
     "losses come out the same, but every extra pass costs a full forward pass and moves batch "
     "norm's moving averages once more per step."):
        ("생성자를 {count}번 실행해 생성자의 손실을 위해 가짜를 다시 만듭니다. 손실은 같게 "
         "나오지만, 추가 실행마다 순전파 한 번의 비용이 들고 배치 정규화의 이동 평균이 스텝마다 "
         "한 번 더 움직입니다."),
    "Make the fakes once and compute both losses from the same fake logits.":
        "가짜는 한 번만 만들고, 두 손실을 같은 가짜 로짓에서 계산하세요.",
    ("updates the discriminator first and then scores the fakes again against the updated one "
     "(lesson 01's order). This exercise asks for both gradients from the one forward pass, "
     "which saves the second pass."):
        ("판별자를 먼저 갱신한 다음 갱신된 판별자로 가짜를 다시 채점합니다(01강의 순서). 이 실습 "
         "과제는 두 그래디언트를 한 번의 순전파에서 얻으라고 요구하며, 그러면 두 번째 순전파가 "
         "필요 없습니다."),
    "Compute both losses in the same forward pass, then apply both updates.":
        "두 손실을 같은 순전파에서 계산한 다음 두 갱신을 적용하세요.",
    ("called the {who} without training=True: Keras then runs batch norm in inference mode, "
     "with its moving averages in place of the batch's statistics, and never updates them."):
        ("{who}를 training=True 없이 호출했습니다: 그러면 Keras는 배치 정규화를 추론 모드로 "
         "실행해 배치의 통계 대신 이동 평균을 쓰고, 이동 평균을 갱신하지도 않습니다."),
    "Pass training=True to every generator and discriminator call of the step.":
        "스텝의 모든 생성자·판별자 호출에 training=True를 넘기세요.",
    "generator and the discriminator":
        "생성자와 판별자",
    ("applies the discriminator's gradients with g_optimizer and the generator's with "
     "d_optimizer (the test gives them different learning rates)."):
        ("판별자의 그래디언트를 g_optimizer로, 생성자의 그래디언트를 d_optimizer로 "
         "적용합니다(테스트는 둘에 서로 다른 학습률을 줍니다)."),
    "Each player's gradients go to its own optimiser.":
        "각 플레이어의 그래디언트는 자신의 옵티마이저로 적용합니다.",
    ("differentiates each player's variables with the other player's loss: the discriminator "
     "would learn to call fakes real, and the generator to make them look fake."):
        ("각 플레이어의 변수를 상대 플레이어의 손실로 미분합니다: 판별자는 가짜를 진짜라고 "
         "부르도록, 생성자는 가짜를 가짜처럼 보이게 만들도록 학습하게 됩니다."),
    "d_loss's gradient goes to the discriminator's variables, g_loss's to the generator's.":
        "d_loss의 그래디언트는 판별자의 변수로, g_loss의 그래디언트는 생성자의 변수로 갑니다.",
    ("applies the generator's gradients to the discriminator's variables too: the "
     "discriminator then also moves to call the fakes real, helping its opponent. (The "
     "variables you pass decide who learns, lesson 01.)"):
        ("생성자의 그래디언트를 판별자의 변수에도 적용합니다: 그러면 판별자도 가짜를 진짜라고 "
         "부르는 쪽으로 움직여 상대를 돕게 됩니다. (넘기는 변수가 누가 배울지를 정합니다, "
         "01강.)"),
    "g_loss's gradient goes to generator.trainable_variables only.":
        "g_loss의 그래디언트는 generator.trainable_variables에만 적용합니다.",
    ("returns losses computed again after the update. The engine logs the losses of the "
     "forward pass that produced the gradients."):
        ("갱신한 뒤에 다시 계산한 손실을 반환합니다. 엔진은 그래디언트를 만든 순전파의 손실을 "
         "기록합니다."),
    "Return the d_loss and g_loss you computed inside the tape(s).":
        "테이프 안에서 계산한 d_loss와 g_loss를 반환하세요.",
    "left the {who}'s trainable weights as they were.":
        "{who}의 학습 가능한 가중치를 그대로 두었습니다.",
    "Apply the {who}'s gradients with its own optimiser.":
        "{who}의 그래디언트를 그 자신의 옵티마이저로 적용하세요.",
    ("does not run when compiled with tf.function, as the engine runs it ({kind}: {error})."):
        ("엔진처럼 tf.function으로 컴파일하면 실행되지 않습니다({kind}: {error})."),
    ("Use TensorFlow operations only: no .numpy(), float() or Python `if` on a tensor's value."):
        ("TensorFlow 연산만 쓰세요: .numpy(), float(), 텐서 값에 대한 Python `if`는 쓰지 "
         "마세요."),
    "raised {kind}: {message}":
        "{kind} 예외가 발생했습니다: {message}",
    "returned {name} = {value}; each loss must be one finite number.":
        "{name} = {value}을(를) 반환했습니다. 각 손실은 유한한 숫자 하나여야 합니다.",
    ("d_loss is your discriminator_loss (default smoothing) of this forward pass's logits. Does "
     "exercise 1 pass?"):
        ("d_loss는 이 순전파의 로짓에 대한 여러분의 discriminator_loss(기본 스무딩)입니다. 실습 "
         "과제 1은 통과하나요?"),
    "g_loss is your generator_loss of the same fake logits.":
        "g_loss는 같은 가짜 로짓에 대한 여러분의 generator_loss입니다.",
    ("Each player's gradient of its own loss, with respect to its own trainable variables, "
     "applied with its own optimiser."):
        ("각 플레이어는 자신의 손실을 자신의 학습 가능한 변수로 미분한 그래디언트를, 자신의 "
         "옵티마이저로 적용합니다."),
    "a {kind} of {count} values":
        "값 {count}개짜리 {kind}",
    "a pair of {kinds}":
        "{kinds} 한 쌍",
    "train_step on tiny models with a batch of {batch} (SGD)":
        "배치 {batch}개로 작은 모델에 적용한 train_step(SGD)",
    "train_step compiled with tf.function":
        "tf.function으로 컴파일한 train_step",
    # -- the engine, the lesson's cells, carry ---------------------------------------------
    "the instructor's reference train_step":
        "강사의 참조 train_step",
    "no training step yet":
        "아직 학습 스텝 없음",
    "The pictures below show your run's last checkpoint (step {step}).":
        "아래 그림은 여러분 학습의 마지막 체크포인트({step} 스텝)를 보여 줍니다.",
    ("The course's reference model is not shipped yet, so the pictures below show your "
     "generator untrained: noise."):
        ("과정의 참조 모델이 아직 함께 제공되지 않으므로, 아래 그림은 학습되지 않은 여러분의 "
         "생성자, 곧 노이즈를 보여 줍니다."),
    ("The course's reference model has another architecture than your generator, so the "
     "pictures below show your generator untrained: noise."):
        ("과정의 참조 모델은 여러분의 생성자와 구조가 달라서, 아래 그림은 학습되지 않은 "
         "여러분의 생성자, 곧 노이즈를 보여 줍니다."),
    ("The pictures below show the course's reference model, loaded into your generator's "
     "architecture: what your step will train towards."):
        ("아래 그림은 여러분 생성자의 구조에 불러온 과정의 참조 모델을 보여 줍니다: "
         "여러분의 스텝이 학습해 갈 방향입니다."),
    "step {step}: nothing was trained, there is no training step yet (section 4 says why).":
        "{step} 스텝: 아직 학습 스텝이 없어서 아무것도 학습하지 않았습니다(이유는 4절에 있습니다).",
    ("Your train_step is not used yet: {problem}.\nNothing trains until it passes: fix "
     "exercise 2, run its test cell, then this cell and the ones below again."):
        ("여러분의 train_step을 아직 쓰지 않습니다: {problem}.\n통과할 때까지는 아무것도 "
         "학습하지 않습니다: 실습 과제 2를 고치고 그 테스트 셀을 실행한 다음, 이 셀과 아래 셀들을 "
         "다시 실행하세요."),
    "no checkpoint yet: nothing was trained":
        "아직 체크포인트가 없습니다: 아무것도 학습하지 않았습니다",
    ("Saved {kind} to {path}: the command line (python -m dcgan_course train) trains with it. "
     "Run this cell again whenever you change it."):
        ("{kind}을(를) {path}에 저장했습니다: 명령줄(python -m dcgan_course train)이 이것으로 "
         "학습합니다. 함수를 바꿀 때마다 이 셀을 다시 실행하세요."),
    "Exercise 2":
        "실습 과제 2",
    ("Your saved train_step cannot be used ({kind}: {error}). Run lesson 06's section 4 again "
     "to save it anew."):
        ("저장된 train_step을 쓸 수 없습니다({kind}: {error}). 06강의 4절을 다시 실행해 새로 "
         "저장하세요."),
    ("Your saved train_step fails the engine's check: {problem}. Fix exercise 2 of lesson 06 "
     "and run its section 4 again."):
        ("저장된 train_step이 엔진의 검사를 통과하지 못합니다: {problem}. 06강의 실습 과제 2를 "
         "고치고 그 4절을 다시 실행하세요."),
    # -- "Where this goes": your run beside the course's reference model --
    "Reference: {label}.":
        "참조 모델: {label}.",
    ("Its run: {steps} steps in {minutes} minutes, profile {profile}, seed {seed}; {share:.0%} of "
     "1,000 samples recognisable, digits present: {digits}."):
        ("그 실행: {minutes}분 동안 {steps} 스텝, 프로필 {profile}, 시드 {seed}; 샘플 1,000개 중 "
         "{share:.0%}를 알아볼 수 있음, 나타난 숫자: {digits}."),
    ("(Your run's latent vectors have {mine} numbers, the reference's {theirs}: your row uses "
     "the first {mine} of each.)"):
        ("(여러분 실행의 잠재 벡터는 숫자가 {mine}개, 참조 모델의 잠재 벡터는 {theirs}개입니다: "
         "여러분의 줄은 각 벡터의 처음 {mine}개를 씁니다.)"),
    "yours, step {step}":
        "여러분의 것, 스텝 {step}",
    "Your run has trained no step yet: only the reference is shown.":
        "여러분의 실행은 아직 한 스텝도 학습하지 않았습니다: 참조 모델만 보여 줍니다.",
    "reference, {steps} steps":
        "참조 모델, {steps} 스텝",
    "the same 8 latent vectors, your generator and the course's":
        "같은 잠재 벡터 8개: 여러분의 생성자와 과정의 생성자",
    # section 11, "try one"
    "The run below: {options}.":
        "아래 실행: {options}.",
    "Not trained: set TRAIN_AFTER = True and run this cell again.":
        "학습하지 않았습니다: TRAIN_AFTER = True로 바꾸고 이 셀을 다시 실행하세요.",
    "Not trained: it needs your train_step (exercise 2) to pass first.":
        "학습하지 않았습니다: 먼저 여러분의 train_step(실습 과제 2)이 통과해야 합니다.",
    "2015 recipe, step {step}":
        "2015년 레시피, {step} 스텝",
    "with {options}, step {step}":
        "{options} 추가, {step} 스텝",
    "the same 8 latent vectors, averaged generators":
        "같은 잠재 벡터 8개, 평균 생성자",
}
