"""Korean text for lesson 07 (what the DCGAN learned): slerp, concept arithmetic, the
discriminator's features and the linear probe, the latent explorer.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
    "returned shape {shape}; expected {want}: one row per value of t.":
        "모양 {shape}을(를) 반환했습니다. {want}이어야 합니다: t의 값마다 한 행입니다.",
    "Reshape t to a column (t[:, None]) so it broadcasts against the vectors.":
        "t를 열 모양(t[:, None])으로 바꿔서 벡터와 브로드캐스트되게 하세요.",
    "raised {error}: t and the vectors did not broadcast.":
        "{error} 오류가 났습니다: t와 벡터가 브로드캐스트되지 않았습니다.",
    ("t holds k values and each vector d numbers: reshape t to a column (t[:, None]), so that "
     "the result has one row per value of t."):
        ("t에는 값이 k개, 각 벡터에는 숫자가 d개 있습니다: t를 열 모양(t[:, None])으로 바꿔서 "
         "결과가 t의 값마다 한 행을 갖게 하세요."),
    "returned values that are not finite: {got}.":
        "유한하지 않은 값을 반환했습니다: {got}.",
    ("np.arccos of a cosine that rounding pushed above 1 is nan, and sin(0) = 0 divides by zero. "
     "What is the arc between two parallel vectors?"):
        ("반올림 때문에 1을 넘은 코사인의 np.arccos는 nan이고, sin(0) = 0으로는 0으로 나누게 "
         "됩니다. 평행한 두 벡터 사이의 호는 무엇일까요?"),
    "these are points on the straight line between z0 and z1 (lerp).":
        "이 점들은 z0과 z1 사이의 직선 위에 있습니다(lerp).",
    ("slerp walks along the arc: weight z0 by sin((1-t)Ω)/sin Ω and z1 by sin(tΩ)/sin Ω, where Ω "
     "is the angle between them."):
        ("slerp는 호를 따라 걷습니다: z0에 sin((1-t)Ω)/sin Ω, z1에 sin(tΩ)/sin Ω를 곱하며, Ω는 "
         "두 벡터 사이의 각도입니다."),
    "Check which vector each weight multiplies.":
        "각 가중치가 어느 벡터에 곱해지는지 확인하세요.",
    "your points all have length 1.":
        "점들의 길이가 모두 1입니다.",
    ("Normalise only to measure the angle; then combine the original z0 and z1, so the path "
     "keeps their lengths."):
        ("정규화는 각도를 잴 때만 하고, 원래의 z0과 z1을 섞어서 경로가 두 벡터의 길이를 유지하게 "
         "하세요."),
    ("your path between opposite vectors comes within {closest:.3g} of the origin, while its "
     "ends have length {length:.3g}."):
        ("반대 방향인 두 벡터 사이의 경로가 원점에서 {closest:.3g}까지 다가갑니다. 양 끝의 "
         "길이는 {length:.3g}입니다."),
    ("For z1 = -z0 the angle is π and sin(π) = 0 too, but the straight line is not an arc: it "
     "goes through 0, the one place a Gaussian sample never is. Turn through a direction "
     "perpendicular to z0 instead."):
        ("z1 = -z0이면 각도가 π이고 sin(π)도 0이지만, 직선은 호가 아닙니다: 직선은 가우시안 "
         "샘플이 결코 있지 않은 단 한 곳인 0을 지납니다. 대신 z0에 수직인 방향을 거쳐 도세요."),
    "at t = {t:.3g} expected {want}..., got {got}...":
        "t = {t:.3g}에서 {want}...이어야 하는데 {got}...입니다",
    ("Check the angle (arccos of the cosine of the two unit vectors, in radians) and the two "
     "weights sin((1-t)Ω)/sin Ω and sin(tΩ)/sin Ω."):
        ("각도(두 단위 벡터의 코사인의 arccos, 라디안)와 두 가중치 sin((1-t)Ω)/sin Ω, "
         "sin(tΩ)/sin Ω를 확인하세요."),
    "a point of length {length:.4g} at angle {angle:.4g} from z0":
        "z0에서 각도 {angle:.4g}, 길이 {length:.4g}인 점",
    "slerp(z0, z1, np.linspace(0, 1, 5)) for perpendicular 4-d vectors of length 3":
        "길이 3이고 서로 수직인 4차원 벡터에 대한 slerp(z0, z1, np.linspace(0, 1, 5))",
    "slerp of perpendicular vectors of lengths 2 and 4":
        "길이 2와 4인 수직 벡터의 slerp",
    "slerp(z0, 2 * z0, [0, 0.5, 1]) (parallel vectors, angle 0)":
        "slerp(z0, 2 * z0, [0, 0.5, 1]) (평행한 벡터, 각도 0)",
    "slerp(z0, -z0, np.linspace(0, 1, 5)) (opposite vectors, angle π)":
        "slerp(z0, -z0, np.linspace(0, 1, 5)) (반대 방향 벡터, 각도 π)",
    "slerp of a vector and its opposite (angle π)":
        "벡터와 그 반대 방향 벡터의 slerp(각도 π)",
    "{what}: the grader could not read what slerp returned.":
        "{what}: 채점기가 slerp의 반환값을 읽을 수 없습니다.",
    "returned shape {shape}; expected ({z_dim},): one latent vector.":
        "모양 {shape}을(를) 반환했습니다. ({z_dim},)이어야 합니다: 잠재 벡터 하나입니다.",
    ("Average each group over its samples (axis 0): one vector of shape (z_dim,) per concept, "
     "and one for the result."):
        ("각 그룹을 샘플 축(축 0)으로 평균 내세요: 개념마다 모양 (z_dim,)의 벡터 하나, 결과도 "
         "하나입니다."),
    ("raised {error} for groups of different sizes ({sizes}): the groups were combined vector by "
     "vector before they were averaged."):
        ("크기가 다른 그룹({sizes})에서 {error} 오류가 났습니다: 평균을 내기 전에 그룹들을 "
         "벡터끼리 조합했습니다."),
    ("The groups need not have the same number of samples: reduce each group to its average "
     "first, then combine the three averages."):
        ("그룹들의 샘플 수는 같지 않아도 됩니다: 먼저 각 그룹을 평균 하나로 줄인 다음 세 평균을 "
         "조합하세요."),
    "its direction is that of z_a[0] - z_b[0] + z_c[0]: one vector per concept.":
        "방향이 z_a[0] - z_b[0] + z_c[0]의 방향입니다: 개념마다 벡터 하나를 썼습니다.",
    ("Average ALL the vectors of each group: one sample's vector also carries everything else "
     "about its image (digit, colours, position), and averaging cancels it out."):
        ("각 그룹의 벡터를 모두 평균 내세요: 샘플 하나의 벡터에는 그 이미지의 다른 모든 것(숫자, "
         "색, 위치)도 담겨 있고, 평균을 내면 그것이 상쇄됩니다."),
    ("its direction is that of the groups' sums (or of one average over all the vectors "
     "together), not of the three averages: groups of different sizes then weigh differently."):
        ("방향이 세 평균이 아니라 그룹 합(또는 모든 벡터를 한꺼번에 낸 평균 하나)의 방향입니다: "
         "그러면 크기가 다른 그룹의 무게가 달라집니다."),
    "Average each group on its own (divide by its own size) before combining.":
        "조합하기 전에 각 그룹을 따로(그 그룹의 크기로 나누어) 평균 내세요.",
    ("its direction is that of the three averages each stretched to one length before the "
     "arithmetic: that changes the mix (a short average gets more weight)."):
        ("방향이 세 평균을 연산 전에 각각 같은 길이로 늘린 경우의 방향입니다: 그러면 섞이는 "
         "비율이 바뀝니다(짧은 평균이 더 큰 무게를 얻습니다)."),
    ("Combine the three averages as they are (A − B + C), and only then decide the length of the "
     "result."):
        "세 평균을 있는 그대로 조합한(A − B + C) 다음에야 결과의 길이를 정하세요.",
    "its direction is that of {text} (of the averages).":
        "방향이 (평균들의) {text}의 방향입니다.",
    "A − B + C: take B away from A, put C in.":
        "A − B + C: A에서 B를 빼고 C를 넣습니다.",
    ("the direction is right, but the result has length {norm:.3g}: far shorter than the latent "
     "vectors the generator was trained on."):
        ("방향은 맞지만 결과의 길이가 {norm:.3g}입니다: 생성자가 학습할 때 본 잠재 벡터보다 훨씬 "
         "짧습니다."),
    ("An average of several vectors is shorter than each of them. Section 1 measured where "
     "samples of N(0, I) lie: put the result there, keeping its direction."):
        ("여러 벡터의 평균은 각 벡터보다 짧습니다. 1절에서 N(0, I)의 샘플이 어디에 놓이는지 "
         "쟀습니다: 방향은 그대로 두고 결과를 그곳에 놓으세요."),
    "the direction is right, but the result has length 1.":
        "방향은 맞지만 결과의 길이가 1입니다.",
    ("The generator never sees vectors of length 1. Section 1 measured where samples of N(0, I) "
     "lie: put the result there, keeping its direction."):
        ("생성자는 길이 1인 벡터를 본 적이 없습니다. 1절에서 N(0, I)의 샘플이 어디에 놓이는지 "
         "쟀습니다: 방향은 그대로 두고 결과를 그곳에 놓으세요."),
    ("the direction is right, but the result has length {norm:.4g}, not where samples of N(0, I) "
     "in {z_dim} dimensions lie."):
        ("방향은 맞지만 결과의 길이가 {norm:.4g}입니다. {z_dim}차원 N(0, I)의 샘플이 놓이는 곳이 "
         "아닙니다."),
    "Section 1 measured the typical length of a latent vector in terms of z_dim.":
        "1절에서 잠재 벡터의 전형적인 길이를 z_dim으로 나타냈습니다.",
    "its direction is not that of mean(A) - mean(B) + mean(C) (cosine {cosine:.4f}).":
        "방향이 mean(A) - mean(B) + mean(C)의 방향이 아닙니다(코사인 {cosine:.4f}).",
    ("concept_arithmetic(z_a, z_b, z_c) for groups of {a}, {b} and {c} vectors from N(0, I) in "
     "64 dimensions"):
        ("64차원 N(0, I)에서 뽑은 벡터 {a}, {b}, {c}개 그룹에 대한 concept_arithmetic(z_a, z_b, "
         "z_c)"),
    "{what}: the grader could not read what concept_arithmetic returned.":
        "{what}: 채점기가 concept_arithmetic의 반환값을 읽을 수 없습니다.",
    "it returned a {kind}.":
        "{kind}을(를) 반환했습니다.",
    "The probe stacks and standardises NumPy tables: return a NumPy array (a tensor's .numpy()).":
        "프로브는 NumPy 표를 쌓고 표준화합니다: NumPy 배열(텐서의 .numpy())을 반환하세요.",
    "the features are {dtype}.":
        "특징이 {dtype}입니다.",
    "Return float32: under lesson 06's mixed precision your D may compute in bfloat16.":
        "float32를 반환하세요: 06강의 혼합 정밀도에서는 D가 bfloat16으로 계산할 수 있습니다.",
    "shape {shape}, expected (n, features) = ({n}, F): one row per image.":
        "모양이 {shape}입니다. (n, features) = ({n}, F)이어야 합니다: 이미지마다 한 행입니다.",
    "One flat feature vector per row (reshape(n, -1)).":
        "행마다 평평한 특징 벡터 하나입니다(reshape(n, -1)).",
    ("{n}-image and 1-image calls gave shapes {shape} and {alone}: the length F must not depend "
     "on the batch."):
        ("이미지 {n}개와 1개로 호출한 결과의 모양이 {shape}와 {alone}입니다: 길이 F는 배치에 "
         "따라 달라지면 안 됩니다."),
    "Pool over each image's own positions, never over the batch.":
        "배치가 아니라 각 이미지 자신의 위치에 대해 풀링하세요.",
    ("the same discriminator built for 64x64 images gave {big} features per image, for 32x32 "
     "images {length}: your length follows the image size."):
        ("64x64 이미지용으로 만든 같은 판별자가 이미지마다 특징 {big}개를 주었고, 32x32에서는 "
         "{length}개입니다: 길이가 이미지 크기를 따라갑니다."),
    ("The probe needs one fixed length: pool each layer's map over space to a size that does not "
     "depend on its height and width."):
        ("프로브에는 고정된 길이 하나가 필요합니다: 각 층의 맵을 높이와 너비에 상관없는 크기로 "
         "공간 풀링하세요."),
    "one number per image.":
        "이미지마다 숫자 하나입니다.",
    ("A linear classifier on a single number can only cut one line into ten intervals, and if it "
     "is D's logit it was trained to say real or fake, not which digit. Use the layers before "
     "the logit, whose many channels describe what the image contains."):
        ("숫자 하나에 대한 선형 분류기는 직선 하나를 열 구간으로 자를 수 있을 뿐이고, 그 숫자가 "
         "D의 로짓이라면 어떤 숫자인지가 아니라 진짜인지 가짜인지를 말하도록 학습된 값입니다. "
         "로짓 앞의 층들을 쓰세요. 그 많은 채널이 이미지의 내용을 묘사합니다."),
    "every image of the batch got the same features.":
        "배치의 모든 이미지가 같은 특징을 받았습니다.",
    "Pool over space, not over the images of the batch (axis 0).":
        "배치의 이미지(축 0)가 아니라 공간에 대해 풀링하세요.",
    "{problem}.":
        "{problem}.",
    ("Features for a probe must depend on the image alone and must leave D as it was. Which mode "
     "of a Keras layer makes batch norm use this batch's statistics (and update its moving "
     "averages), and which uses the moving averages it learned?"):
        ("프로브의 특징은 이미지에만 의존해야 하고 D를 그대로 두어야 합니다. Keras 층의 어느 "
         "모드에서 배치 정규화가 이 배치의 통계를 쓰고(이동 평균도 업데이트하고), 어느 모드에서 "
         "학습한 이동 평균을 쓸까요?"),
    ("changing only D's final Dense layer (the logit) changed your features: they include the "
     "logit or something computed from it."):
        ("D의 마지막 Dense 층(로짓)만 바꿨는데 특징이 바뀌었습니다: 특징에 로짓이나 로짓에서 "
         "계산한 값이 들어 있습니다."),
    ("The contract asks for D's intermediate activations, before the last layer: the logit is "
     "one real-or-fake score, the digit lives in the layers that feed it."):
        ("요구 사항은 마지막 층 이전의 D 중간 활성화입니다: 로짓은 진짜/가짜 점수 하나이고, 숫자 "
         "정보는 로짓으로 들어가는 층들에 있습니다."),
    ("your features stayed the same when D's convolution weights changed, so they do not come "
     "from what D computes (raw pixels?)."):
        ("D의 합성곱 가중치가 바뀌었는데도 특징이 그대로입니다. 따라서 특징이 D의 계산에서 "
         "나오지 않습니다(원시 픽셀인가요?)."),
    "Run the images through the discriminator's layers and keep their activations.":
        "이미지를 판별자의 층들에 통과시키고 그 활성화를 쓰세요.",
    "{what}: the grader could not read what d_features returned.":
        "{what}: 채점기가 d_features의 반환값을 읽을 수 없습니다.",
    ("{name}: plate brightness {brightness:.2f}, digits {digits}, length of the average latent "
     "vector {length:.2f}"):
        "{name}: 번호판 밝기 {brightness:.2f}, 숫자 {digits}, 평균 잠재 벡터의 길이 {length:.2f}",
    "plate brightness of the groups: A {a:.2f}, B {b:.2f}, C {c:.2f}":
        "그룹의 번호판 밝기: A {a:.2f}, B {b:.2f}, C {c:.2f}",
    "your A - B + C":
        "여러분의 A - B + C",
    "A - B + C, own length":
        "A - B + C, 원래 길이",
    ("{name:22s} length {length:5.2f}: plate brightness {got:.2f}, digits read {read}, "
     "{confident} of 9 read with confidence 0.9 or more"):
        ("{name:22s} 길이 {length:5.2f}: 번호판 밝기 {got:.2f}, 읽은 숫자 {read}, 9개 중 "
         "{confident}개를 확신도 0.9 이상으로 읽음"),
    "Write d_features (exercise 3) to probe the discriminators.":
        "판별자들을 프로브하려면 d_features(실습 과제 3)를 작성하세요.",
    ("{name:22s} {mean:.1%} test accuracy (from {low:.1%} to {high:.1%} over {count} draws; "
     "{features} features, {train} training rows)"):
        ("{name:22s} 테스트 정확도 {mean:.1%}({count}번 뽑기에서 {low:.1%}~{high:.1%}; 특징 "
         "{features}개, 학습 행 {train}개)"),
    "{labelled} labelled {data}, {test} test images, 3 draws\nnetworks: {networks}":
        "레이블이 있는 {data} {labelled}장, 테스트 이미지 {test}장, 3번 뽑기\n네트워크: {networks}",
    # -- section 0: the networks the lesson studies (dcgan_course.latent.open_models) --
    "YOUR lesson-06 run ({found}, step {step}), trained on {data}":
        "여러분의 06강 학습 결과 ({found}, 스텝 {step}), {data}에서 학습",
    "YOUR lesson-06 run":
        "여러분의 06강 학습 결과",
    "{origin}; NOT your run: the course trained it on {data}":
        "{origin}; 여러분의 학습 결과가 아닙니다: 과정이 {data}에서 학습시켰습니다",
    "the course's reference model":
        "과정의 참조 모델",
    ("This lesson found no lesson-06 run ({run}) and the course's reference model is missing "
     "too ({missing}). Run lesson 06's training (section 5) to the end, then run this cell "
     "again; or restore the folder assets/ from the course."):
        ("06강의 학습 결과({run})가 없고, 과정의 참조 모델도 없습니다({missing}). 06강의 학습"
         "(5절)을 끝까지 실행한 다음 이 셀을 다시 실행하세요. 아니면 과정의 assets/ 폴더를 "
         "되살리세요."),
    "Networks: {origin}.":
        "신경망: {origin}.",
    "The rest of this lesson uses the data these networks learned: {data}.":
        "이 강의의 나머지 부분은 이 신경망이 배운 데이터를 씁니다: {data}.",
}
